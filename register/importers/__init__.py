"""Every source kind the mirror takes, by its command-line name."""
from __future__ import annotations

from register.importers import feeds, pharmacies, ru_znvlp, uz
from register.importers.base import Kind, Row

KINDS: dict[str, Kind] = {kind.name: kind for kind in (*uz.KINDS, ru_znvlp.KIND, *feeds.KINDS, *pharmacies.KINDS)}

__all__ = ["KINDS", "Kind", "Row"]
