"""Benchmark: the Mini App reading a pack from the camera, in headless Chromium with a fake camera.

    python bench/live_scan.py --rounds 2

The bot runs by webhook on a fresh SQLite database holding the sample register (tests/data/packs);
Chromium's camera films a sample pack (tests/browser.py: drifting, slightly out of focus). Each round
opens the page in a new browser for a green, a recalled and a withdrawn pack and times, on the page's
own clock, page open -> verdict shown, and first camera frame -> verdict shown (the code is in view from
the first frame: the time from the code entering the frame to the verdict). Then the camera films a
carton without a code for a few seconds: the frames the page decodes per second while it looks.
Goal: the verdict within 1 000 ms of the code entering the frame. Prints the machine first and, last,
    live_scan frames_per_s=X open_to_verdict_ms=Y
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import machine  # noqa: E402
from core.db import Database  # noqa: E402
from core.migrate import upgrade  # noqa: E402
from register.demo import load_directory  # noqa: E402
from tests.browser import CHROMIUM, Browser, camera_video, have_browser  # noqa: E402
from tests.conftest import PACKS, SAMPLES_TODAY  # noqa: E402
from tests.harness import running_bot  # noqa: E402
from tests.packs import photos  # noqa: E402

PACKS_TIMED = ("pack_002.jpg", "pack_016.jpg", "pack_054.jpg")  # green, recalled, withdrawn
NO_CODE = "nocode_0.jpg"
LOOK_S = 4.0  # how long the page looks at a carton without a code


async def one_scan(tg, video: Path, workdir: Path, user: int) -> dict:
    async with Browser(video, workdir) as browser:
        await browser.open_app(tg, user)
        await browser.wait_for("document.body.dataset.state === 'verdict'", timeout=30)
        return await browser.run("return window.medcheck")


async def frames_per_second(tg, video: Path, workdir: Path) -> tuple[float, float]:
    """(frames decoded per second, mean ms per decode) while the camera sees no code."""
    async with Browser(video, workdir) as browser:
        await browser.open_app(tg, 1)
        await browser.wait_for("window.medcheck && window.medcheck.frames > 0", timeout=30)
        start = await browser.run("return [performance.now(), window.medcheck.frames, window.medcheck.decodeMs]")
        await asyncio.sleep(LOOK_S)
        end = await browser.run("return [performance.now(), window.medcheck.frames, window.medcheck.decodeMs]")
    frames = end[1] - start[1]
    return frames / ((end[0] - start[0]) / 1000), (end[2] - start[2]) / max(frames, 1)


async def run(rounds: int) -> None:
    photos(PACKS)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = Database(f"sqlite+aiosqlite:///{work / 'bench.db'}")
        try:
            await upgrade(db)
            await load_directory(db, PACKS)
            async with running_bot(db, mode="webhook", webapp_url="https://medcheck.example") as tg:
                tg.dp["clock"] = lambda zone: SAMPLES_TODAY
                videos = {name: camera_video(PACKS / "photos" / name, work / f"{name}.mjpeg")
                          for name in (*PACKS_TIMED, NO_CODE)}
                opened, in_view = [], []
                for round_ in range(rounds):
                    for n, name in enumerate(PACKS_TIMED):
                        stats = await one_scan(tg, videos[name], work / f"r{round_}-{n}", 100 + n)
                        opened.append(stats["verdict"])  # ms since the page's navigation began
                        in_view.append(stats["verdict"] - stats["firstFrame"])
                        print(f"{name}: {stats['answer']['verdict']} ({stats['answer']['reasons'][0]}) "
                              f"open->verdict {stats['verdict']:.0f} ms, code in view->verdict "
                              f"{in_view[-1]:.0f} ms, frames decoded {stats['frames']}, "
                              f"read->verdict {stats['verdict'] - stats['read']:.0f} ms", flush=True)
                fps, decode_ms = await frames_per_second(tg, videos[NO_CODE], work / "look")
        finally:
            await db.close()
    print(f"looking at a carton without a code: {fps:.1f} frames decoded per second, {decode_ms:.0f} ms per decode")
    print(f"code in view -> verdict: median {statistics.median(in_view):.0f} ms, worst {max(in_view):.0f} ms "
          f"(goal: under 1000 ms)")
    print(f"live_scan frames_per_s={fps:.1f} open_to_verdict_ms={statistics.median(opened):.0f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the three packs")
    args = parser.parse_args(argv)
    if not have_browser():
        sys.exit("live_scan: needs Debian's chromium and chromium-driver (./dev test installs them)")
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    print(machine(chromium), flush=True)
    asyncio.run(run(args.rounds))


if __name__ == "__main__":
    main()
