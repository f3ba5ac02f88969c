"""Decoder benchmark: read rate, wrong reads and time per image on one core.

    .venv/bin/python bench/decode.py [--set real|packs|all] [--kind photo|synthetic|all] [--limit N]
                                     [--no-alone] [--libdmtx-ms MS]

Sets: ../shared/samples/real (manifest.jsonl, expected payloads as hex) and
../shared/samples/packs (photos.jsonl, expected payloads as text with GS as U+001D); MEDCHECK_SHARED
moves them.
An image counts as read when every expected payload was found (unlabelled images: when anything
was found); a wrong read is a payload that is not expected on a labelled image, or any payload on
an image that has no code. On the packs set the chain is also compared with each library alone.
`--kind photo` keeps the real set's photos (its manifest's `kind`; the packs set is all photos).
Times are also given apart for images with a code and images without one (format `none`): the
chain gives up on the latter only after its last stage, so they are its slowest case.
The last line is machine-readable: `decode images=N read=N wrong=N p50_ms=X p95_ms=Y p50_code_ms=X
p95_code_ms=Y p50_none_ms=X p95_none_ms=Y max_none_ms=Z`.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.machine import machine  # noqa: E402
from bench.samples import SAMPLES, require_samples  # noqa: E402
from verification.decode import decode_image  # noqa: E402

# Images holding a second, legitimate code that their label does not list: not counted as wrong.
SECOND_CODE = {
    "real/zxing_java/qrcode-2/16.png": "inner and outer QR code; labelled: the outer one",
    "real/zxing_cpp/qrcode-2/16.png": "inner and outer QR code; labelled: the inner one",
}

# Labels that disagree with another corpus's label for the very same pixels: the other one is taken.
SAME_PIXELS = {
    "zxing_java/qrcode-2/13.png": "zxing_cpp/qrcode-2/13.png",  # "aerial photograph" vs "photography"
}


@dataclass
class Case:
    set: str
    path: Path
    format: str                 # datamatrix, qrcode, qr, mixed, none
    kind: str                   # photo or synthetic
    expected: set[bytes]
    labelled: bool


@dataclass
class Tally:
    images: int = 0
    read: int = 0
    codes: int = 0
    codes_read: int = 0
    wrong: int = 0
    ms: list[float] = field(default_factory=list)      # wall time per image
    cpu: list[float] = field(default_factory=list)     # CPU time per image (immune to other load)


def load_cases(which: str) -> list[Case]:
    cases = []
    if which in ("real", "all"):
        lines = (SAMPLES / "real" / "manifest.jsonl").read_text().splitlines()
        rows = {row["path"]: row for row in map(json.loads, lines)}
        for row in rows.values():
            expected = {bytes.fromhex(h) for h in rows[SAME_PIXELS.get(row["path"], row["path"])]["expected"]}
            cases.append(Case("real", SAMPLES / "real" / row["path"], row["format"], row["kind"], expected,
                              bool(expected) or row["format"] == "none"))
    if which in ("packs", "all"):
        for line in (SAMPLES / "packs" / "photos.jsonl").read_text().splitlines():
            row = json.loads(line)
            expected = {e.encode() for e in row["expected"]}
            cases.append(Case("packs", SAMPLES / "packs" / "photos" / row["file"], row["format"], "photo",
                              expected, True))
    return cases


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_chain(cases: list[Case], verbose: bool) -> tuple[dict, dict[Path, set[bytes]]]:
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    found_by_image: dict[Path, set[bytes]] = {}
    for case in cases:
        name = str(case.path.relative_to(SAMPLES))
        data = case.path.read_bytes()
        cpu_start = time.thread_time()
        result = decode_image(data)  # giving up when the bot does
        cpu_ms = (time.thread_time() - cpu_start) * 1000
        # Labels are raw bytes or UTF-8 text (a Shift_JIS QR is labelled by its text): either matches.
        found = {s.payload if s.payload in case.expected else s.text.encode() for s in result.symbols}
        found_by_image[case.path] = found
        wrong = found - case.expected if case.labelled and name not in SECOND_CODE else set()
        with_code = "none" if case.format == "none" else "code"
        for key in ((case.set, case.format), (case.set, "*"), ("*", with_code), ("*", "*")):
            t = tallies[key]
            t.images += 1
            t.ms.append(result.ms)
            t.cpu.append(cpu_ms)
            t.codes += len(case.expected)
            t.codes_read += len(found & case.expected)
            t.read += case.expected <= found if case.expected else (bool(found) and not case.labelled)
            t.wrong += len(wrong)
        missing = case.expected - found
        if verbose and (missing or wrong or result.ms > 150):
            print(f"  {name}: {result.ms:.0f} ms missing={[m[:24] for m in missing]} "
                  f"wrong={[w[:24] for w in wrong]} hints={result.hints}")
    return tallies, found_by_image


def print_table(tallies: dict) -> None:
    print(f"{'set':6} {'format':10} {'images':>6} {'read':>5} {'rate':>6} {'codes':>9} {'wrong':>5} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'cpu p50':>8} {'cpu p95':>8} {'cpu max':>8}")
    for (set_, fmt), t in sorted(tallies.items(), key=lambda kv: (kv[0][0] == "*", kv[0])):
        rate = f"{100 * t.read / t.images:.0f}%" if t.images else "-"
        print(f"{set_:6} {fmt:10} {t.images:6} {t.read:5} {rate:>6} {t.codes_read:4}/{t.codes:<4} {t.wrong:5} "
              f"{pct(t.ms, .5):7.1f} {pct(t.ms, .95):7.1f} {max(t.ms):7.1f} "
              f"{pct(t.cpu, .5):8.1f} {pct(t.cpu, .95):8.1f} {max(t.cpu):8.1f}")


# ----------------------------------------------------------------------------- each library alone

def alone_zxing(img):
    import zxingcpp
    return {bytes(b.bytes) for b in zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.Plain)}


def alone_zbar(img):
    from pyzbar import pyzbar
    return {d.data for d in pyzbar.decode(img)}


def alone_libdmtx(timeout_ms: int):
    from verification.decode import _libdmtx_read

    def read(img):
        return {raw.lstrip(b"\x1d") for raw, _ in _libdmtx_read(img, timeout_ms)}
    return read


def compare_alone(cases: list[Case], chain_found: dict[Path, set[bytes]], libdmtx_ms: int) -> None:
    from verification.image import load_image
    cases = [c for c in cases if c.set == "packs"]
    if not cases:
        return
    readers = {"zxing alone": alone_zxing, "zbar alone": alone_zbar,
               f"libdmtx alone ({libdmtx_ms} ms)": alone_libdmtx(libdmtx_ms)}
    union: set[tuple[str, bytes]] = set()
    total = sum(len(c.expected) for c in cases)
    print(f"\nper decoder on the packs set ({len(cases)} photos, {total} codes):")
    print(f"{'decoder':24} {'codes':>9} {'wrong':>5} {'p50 ms':>7} {'p95 ms':>7}")
    for name, read in readers.items():
        right = wrong = 0
        ms = []
        for case in cases:
            img = load_image(case.path.read_bytes())
            start = time.perf_counter()
            found = read(img)
            ms.append((time.perf_counter() - start) * 1000)
            right += len(found & case.expected)
            wrong += len(found - case.expected)
            union |= {(case.path.name, p) for p in found & case.expected}
        print(f"{name:24} {right:4}/{total:<4} {wrong:5} {pct(ms, .5):7.1f} {pct(ms, .95):7.1f}")
    chain = {(c.path.name, p) for c in cases for p in chain_found[c.path] & c.expected}
    chain_wrong = sum(len(chain_found[c.path] - c.expected) for c in cases)
    print(f"{'chain':24} {len(chain):4}/{total:<4} {chain_wrong:5}")
    missed = sorted(union - chain)
    print(f"read by some decoder alone but not by the chain: {len(missed)} "
          f"{[(f, p[:20]) for f, p in missed]}")
    print(f"read by the chain and by no decoder alone: {len(chain - union)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("real", "packs", "all"), default="all")
    parser.add_argument("--kind", choices=("photo", "synthetic", "all"), default="all",
                        help="only the real set's photos (or generated images)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N images of each set")
    parser.add_argument("--no-alone", action="store_true", help="skip the per-decoder comparison")
    parser.add_argument("--libdmtx-ms", type=int, default=1000, help="libdmtx timeout in the comparison")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss, wrong read and slow image")
    args = parser.parse_args()
    require_samples()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, as one decoder worker
    cases = [c for c in load_cases(args.set) if args.kind in ("all", c.kind)]
    if args.limit:
        by_set: dict[str, list[Case]] = defaultdict(list)
        for case in cases:
            by_set[case.set].append(case)
        cases = [c for group in by_set.values() for c in group[:args.limit]]
    from importlib.metadata import version
    libraries = [f"{name} {version(name)}" for name in ("zxing-cpp", "pylibdmtx", "pyzbar", "Pillow", "numpy")]
    print(machine("bench pinned to one core", *libraries))
    print(f"load average before: {os.getloadavg()[0]:.2f} (other work on the machine inflates wall times)")
    decode_image((SAMPLES / "packs" / "photos" / "nocode_0.jpg").read_bytes())  # warm the libraries up
    tallies, found = run_chain(cases, args.verbose)
    print_table(tallies)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {rss_mb:.0f} MB")
    if not args.no_alone:
        compare_alone(cases, found, args.libdmtx_ms)
    t, code, none = tallies[("*", "*")], tallies[("*", "code")], tallies[("*", "none")]
    print(f"decode images={t.images} read={t.read} wrong={t.wrong} "
          f"p50_ms={statistics.median(t.ms):.1f} p95_ms={pct(t.ms, .95):.1f} "
          f"p50_code_ms={pct(code.ms, .5):.1f} p95_code_ms={pct(code.ms, .95):.1f} "
          f"p50_none_ms={pct(none.ms, .5):.1f} p95_none_ms={pct(none.ms, .95):.1f} "
          f"max_none_ms={max(none.ms, default=0):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
