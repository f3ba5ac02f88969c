"""Synthetic photos of medicine cartons, rendered from the specs in tests/data/packs/photos.jsonl.

A row gives the code (its payloads, `format` datamatrix/qr/none, `px_per_module` in the final photo,
`blur`); the rest — carton colours, product name and text, where the code sits, the turn, the
perspective, the uneven light, sensor noise and JPEG quality — comes from a random generator seeded by
the file name, so a row always gives the same photo. The photos are written once into
tests/data/packs/photos/ (not in git) and rewritten when this file, the specs or the drawing libraries
change.

    python -m tests.packs            # (re)build the photos and say how long it took
"""
from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import os
import random
import shutil
import string
import time
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from itertools import repeat
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

SIZE = (1280, 853)  # a phone photo as Telegram sends it
GS = "\x1d"
FIXED_LENGTH_AIS = {"01": 14, "11": 6, "17": 6}  # the AIs in our codes that take no separator
# Sensor grain: one seeded field; each photo takes its own window of it.
NOISE = Image.fromarray(np.uint8(np.clip(np.random.default_rng(0).normal(128, 2, (SIZE[1] + 200, SIZE[0] + 200)),
                                         0, 255)))


def specs(packs: Path) -> list[dict]:
    return [json.loads(line) for line in (packs / "photos.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def photos(packs: Path) -> Path:
    """`packs`/photos, the photos rendered there first if they are missing or out of date."""
    target, key = packs / "photos", _key(packs)
    stamp = target / ".key"
    with (packs / "photos.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test runs at once: one renders, the other waits for it
        if not (stamp.is_file() and stamp.read_text() == key):
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            rows, names = specs(packs), _trade_names(packs)
            # spawn: safe whatever threads the calling process runs
            with ProcessPoolExecutor(min(4, os.cpu_count() or 1), mp_context=get_context("spawn")) as pool:
                for row, photo in zip(rows, pool.map(render, rows, repeat(names), chunksize=8)):
                    (target / row["file"]).write_bytes(photo)
            stamp.write_text(key)  # last: a run cut short leaves no stamp and is rendered again
    return target


def _key(packs: Path) -> str:
    """What the photos depend on: this file, the specs, the product names, the drawing libraries."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for name in ("photos.jsonl", "gtin_catalogue.csv"):
        digest.update((packs / name).read_bytes())
    digest.update(" ".join(version(lib) for lib in ("pillow", "numpy", "zxing-cpp")).encode())
    return digest.hexdigest()


def _trade_names(packs: Path) -> dict[str, str]:
    with (packs / "gtin_catalogue.csv").open(encoding="utf-8", newline="") as stream:
        return {row["gtin"]: row["trade_name"] for row in csv.DictReader(stream)}


# ----------------------------------------------------------------------------- one photo

def render(row: dict, trade_names: dict[str, str]) -> bytes:
    rng = random.Random(row["file"])
    gtin = row["code"][2:16] if row.get("code") else None
    title = trade_names.get(gtin) or rng.choice(sorted(trade_names.values()))
    ppm = row.get("px_per_module", 4.0)  # a carton with no code has none
    ean = next((e for e in row["expected"] if e.isdigit() and len(e) == 13), None)
    card = _carton(rng, title, _symbol(row, ppm), _ean(ean, ppm) if ean else None)
    if row.get("blur"):  # out of focus or shaken; only the carton has detail to lose
        # At 2.6-3 px per module a blur of 1.2 px (0.4 module) leaves the code unreadable to every
        # decoder here; the bot then asks for a sharper photo (tests/test_bot_check.py covers that).
        # So the specs' worst blur stops at a third of a module.
        card = card.filter(ImageFilter.GaussianBlur(min(row["blur"], ppm / 3)))
    scene = _light_and_noise(rng, _photograph(rng, card))
    out = io.BytesIO()
    scene.save(out, "JPEG", quality=rng.randint(80, 92))
    return out.getvalue()


def _symbol(row: dict, ppm: float) -> Image.Image | None:
    """The 2D code at `ppm` pixels per module, on white with a 3-module quiet zone as printers leave."""
    if row["format"] == "datamatrix":
        barcode = zxingcpp.create_barcode(_hri(row["expected"][0]), zxingcpp.BarcodeFormat.DataMatrix,
                                          gs1=True, force_square=True)
    elif row["format"] == "qr":
        barcode = zxingcpp.create_barcode(row["expected"][0], zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    else:
        return None
    modules = Image.fromarray(np.asarray(barcode.to_image(scale=1, add_quiet_zones=False)))
    side = round(modules.width * ppm)
    quiet = round(3 * ppm)
    label = Image.new("L", (side + 2 * quiet, side + 2 * quiet), 255)
    label.paste(modules.resize((side, side), Image.NEAREST), (quiet, quiet))
    return label.convert("RGB")


def _hri(payload: str) -> str:
    """A GS1 element string (GS between variable-length fields) as the writer's bracketed text."""
    parts = []
    for field in payload.split(GS):
        while field:
            ai = field[:2]
            end = 2 + FIXED_LENGTH_AIS.get(ai, len(field))
            value = field[2:end].replace("(", "\\(").replace(")", "\\)")
            parts.append(f"({ai}){value}")
            field = field[end:]
    return "".join(parts)


def _ean(digits: str, ppm: float) -> Image.Image:
    """The EAN-13 with its digits, bars about as wide as the pack code's modules but 2-3 px."""
    bar = 3 if ppm >= 3.5 else 2
    image = np.asarray(zxingcpp.create_barcode(digits, zxingcpp.BarcodeFormat.EAN13)
                       .to_image(scale=bar, add_hrt=True))
    image = np.delete(image, np.s_[12 * bar:32 * bar], axis=0)  # pharma cartons print EANs short
    return Image.fromarray(image).convert("RGB")


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _words(rng: random.Random, count: int) -> str:
    return " ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 11))) for _ in range(count))


def _carton(rng: random.Random, title: str, code: Image.Image | None, ean: Image.Image | None) -> Image.Image:
    """The carton's face, flat: a coloured band, the product name, small print, the codes."""
    margin = 40
    code_width = code.width if code else 0
    ean_width = ean.width if ean else 0
    width = max(rng.randint(760, 860), code_width + ean_width + 3 * margin)
    height = max(int(width * rng.uniform(0.6, 0.68)), int((code_width + 2 * margin) / 0.88))  # band + code
    base = tuple(rng.randint(190, 235) for _ in range(3))
    accent = tuple(rng.randint(20, 140) for _ in range(3))
    card = Image.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(card)
    band = int(height * rng.uniform(0.08, 0.12))
    draw.rectangle((0, 0, width, band), fill=accent)
    text_right = width - margin
    if code:
        x = width - margin - code.width - rng.randint(0, margin)
        card.paste(code, (x, band + rng.randint(margin // 2, height - band - code.height - margin // 2)))
        text_right = x - margin // 2
    size = int(height * 0.1)
    while size > 12 and draw.textlength(title, font=_font(size)) > text_right - margin:
        size -= 2
    draw.text((margin, band + margin // 2), title, fill=accent, font=_font(size))
    small = _font(int(height * 0.035))
    y, bottom = band + margin // 2 + int(size * 1.4), height - margin // 2 - (ean.height if ean else 0)
    while y + small.size < bottom:
        words = _words(rng, 10).split()
        while words and draw.textlength(" ".join(words), font=small) > text_right - margin:
            words.pop()
        draw.text((margin, y), " ".join(words), fill=(50, 50, 50), font=small)
        y += int(small.size * 1.4)
    if ean:
        card.paste(ean, (margin, height - margin // 2 - ean.height))
    return card


def _photograph(rng: random.Random, card: Image.Image) -> Image.Image:
    """The carton lying on a table, turned and seen at a slant, as a phone frames it."""
    scene = Image.new("RGB", SIZE, tuple(rng.randint(30, 110) for _ in range(3)))
    corners = np.array([[0, 0], [card.width, 0], [card.width, card.height], [0, card.height]], float)
    local = corners - corners[2] / 2
    # Seen at a slant: the far edge looks shorter than the near one, one side shorter than the other.
    far, near = rng.uniform(-0.08, 0.08), rng.uniform(-0.05, 0.05)
    local *= np.array([[1 - far, 1 - near], [1 - far, 1 + near], [1 + far, 1 + near], [1 + far, 1 - near]])
    angle = np.radians(rng.uniform(-20, 20))
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    placed = local @ turn.T + np.array(SIZE) * [rng.uniform(0.46, 0.54), rng.uniform(0.46, 0.54)]
    depth = np.array([rng.uniform(-1, 1), rng.uniform(-1, 1)]) * 0.06 * card.width
    side = tuple(max(0, c - rng.randint(20, 50)) for c in card.getpixel((card.width - 1, card.height - 1)))
    ImageDraw.Draw(scene).polygon([tuple(p) for p in placed + depth], fill=side)  # the box's other faces
    face = card.convert("RGBA").transform(SIZE, Image.PERSPECTIVE, _perspective(placed, corners), Image.BILINEAR)
    scene.paste(face, (0, 0), face)
    return scene


def _perspective(target: np.ndarray, source: np.ndarray) -> list[float]:
    """PIL's coefficients mapping each output point in `target` back to its point in `source`."""
    rows, values = [], []
    for (x, y), (u, v) in zip(target, source):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    return list(np.linalg.solve(np.array(rows), np.array(values)))


def _light_and_noise(rng: random.Random, scene: Image.Image) -> Image.Image:
    """Light falling off across the frame, a soft highlight, and sensor noise."""
    width, height = scene.width // 16, scene.height // 16  # light varies slowly: a coarse map, then stretched
    xs = np.linspace(-0.5, 0.5, width, dtype=np.float32)[None, :]
    ys = np.linspace(-0.5, 0.5, height, dtype=np.float32)[:, None] * height / width
    angle = rng.uniform(0, 2 * np.pi)
    light = rng.uniform(0.85, 1.0) + rng.uniform(0.3, 0.5) * (np.cos(angle) * xs + np.sin(angle) * ys)
    hx, hy = rng.uniform(-0.3, 0.3), rng.uniform(-0.2, 0.2)
    light = light + rng.uniform(0.05, 0.15) * np.exp(-((xs - hx) ** 2 + (ys - hy) ** 2) / 0.1)
    brightest = float(light.max())
    shade = Image.fromarray(np.uint8(light / brightest * 255)).resize(scene.size, Image.BILINEAR)
    lit = ImageChops.multiply(scene, Image.merge("RGB", [shade] * 3))
    lit = lit.point([min(255, round(v * brightest)) for v in range(256)] * 3)
    x, y = rng.randrange(NOISE.width - scene.width), rng.randrange(NOISE.height - scene.height)
    grain = NOISE.crop((x, y, x + scene.width, y + scene.height))
    return ImageChops.add(lit, Image.merge("RGB", [grain] * 3), offset=-128)


if __name__ == "__main__":
    from tests.conftest import PACKS
    started = time.perf_counter()
    shutil.rmtree(PACKS / "photos", ignore_errors=True)
    made = photos(PACKS)
    print(f"{len(list(made.glob('*.jpg')))} photos in {made} in {time.perf_counter() - started:.1f} s")
