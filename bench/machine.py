"""The line every benchmark prints first: what machine, how loaded, which versions."""
from __future__ import annotations

import os
import platform
from pathlib import Path


def machine(*extras: str) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.1f} GiB"
    except (ValueError, OSError):
        memory = "?"
    parts = [cpu, f"{os.cpu_count()} cores", f"{memory} RAM", f"{platform.system()} {platform.release()}",
             f"Python {platform.python_version()}", f"load average {load_average()}", *extras]
    return "machine: " + ", ".join(parts)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as "0.4/0.6/0.7"."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())
