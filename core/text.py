"""Text people type, made fit to store.

PostgreSQL refuses a NUL outright, and no control character means anything in a name or an answer.
"""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 controls, except tab and newline


def printable(text: str) -> str:
    """`text` without control characters (tab and newline stay)."""
    return _CONTROL.sub("", text)
