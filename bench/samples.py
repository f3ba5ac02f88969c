"""The big sample corpora the benchmarks run on: ../shared/samples beside the repository, or
$MEDCHECK_SHARED/samples. Optional: the test suite carries its own data (tests/data)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

SAMPLES = Path(os.environ.get("MEDCHECK_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "samples"


def require_samples() -> None:
    """Stop with one line saying what is missing, rather than a traceback."""
    if not SAMPLES.is_dir():
        sys.exit(f"no sample corpus at {SAMPLES}: this benchmark needs it "
                 "(set MEDCHECK_SHARED to the directory that holds samples/)")
