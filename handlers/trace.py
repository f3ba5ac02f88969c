"""What the update log line says about an update: handlers fill it in, the log middleware writes it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Trace:
    """Filled in as the update travels, logged once when it is done."""
    handler: str = "-"
    outcome: str = "ok"
