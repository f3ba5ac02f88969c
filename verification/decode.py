"""Find the codes in a photo: zxing-cpp first, then harder looks at likely regions, libdmtx last.

The chain stops as soon as a pack code (a GS1 DataMatrix or QR with GTIN + serial, or a Digital
Link URL) is found, and gives up at the deadline (GIVE_UP_S unless the caller gives more): the looks
run cheapest and likeliest first, so a photo with no code costs a bounded time. A wrong read is
worse than none: 2-D symbols carry Reed-Solomon checks, GS1 reads from libdmtx must parse, and a
1-D product code (EAN/UPC, only a check digit) is kept only when a second decoder or the pack
code's own GTIN agrees.
"""
from __future__ import annotations

import ctypes
import functools
import itertools
import time
from dataclasses import dataclass, field, replace

import numpy as np
import zxingcpp
from PIL import Image, ImageFilter, ImageOps
from pylibdmtx import wrapper as dmtx
from pyzbar import pyzbar

from verification.gs1 import CodeError, PackCode, parse_code
from verification.image import load_image

F = zxingcpp.BarcodeFormat
FORMAT_NAMES = {
    F.DataMatrix: "datamatrix", F.QRCode: "qrcode", F.EAN13: "ean13", F.EAN8: "ean8",
    F.UPCA: "upca", F.UPCE: "upce", F.Code128: "code128", F.PDF417: "pdf417",
}
ALL_FORMATS = tuple(FORMAT_NAMES)
MATRIX_FORMATS = (F.DataMatrix, F.QRCode)          # where pack codes live
LINEAR_FORMATS = (F.EAN13, F.EAN8, F.UPCA, F.UPCE, F.Code128)
LINEAR_NAMES = {FORMAT_NAMES[f] for f in LINEAR_FORMATS}
CHECK_DIGIT_ONLY = {"ean13", "ean8", "upca", "upce"}  # one check digit: a misread can look valid
ZBAR_PRODUCT = [pyzbar.ZBarSymbol.EAN13, pyzbar.ZBarSymbol.EAN8, pyzbar.ZBarSymbol.UPCA, pyzbar.ZBarSymbol.UPCE]
ZBAR_NAMES = {"EAN13": "ean13", "EAN8": "ean8", "UPCA": "upca", "UPCE": "upce", "QRCODE": "qrcode"}
GS1_IDS = ("]d2", "]Q3", "]C1", "]e0", "]J1")       # symbology identifiers of GS1 element strings
GS, FNC1 = b"\x1d", b"\xe8"

GIVE_UP_S = 0.25       # a photo with no pack code is given up this long after decoding began
FIRST_SIDE = 1280      # Telegram's photo size; zxing reads 104 pack codes here, 87 at 1024, same cost
REGIONS = 3            # candidate matrix regions looked at closely
REGION_SIDES = (640, 320)  # px: the copies where regions are looked for
LINEAR_REGIONS = 2     # candidate 1-D regions turned upright and read
LINEAR_SIDE = 800      # px: a 1-D region is turned at no more than this size
LINEAR_MIN_CELLS = 40  # the pack EANs cover 87-173 cells, stripy text 12-65 (mostly < 40)
LINEAR_COHERENCE = 0.45  # gradients this aligned are stripes (matrix codes measure 0.1-0.32)
# Enlargements of a candidate region: together they read all 13 pack photos whose code stage 1
# missed and zxing can read at all (x1.5 alone: 11, x2 with the global histogram: 10).
CLOSER_LOOKS = ((1.5, zxingcpp.Binarizer.LocalAverage), (2.0, zxingcpp.Binarizer.GlobalHistogram))
CLOSER_SIDE = 1400     # px: enlarge a region no further than this
# A region shrunk to these sides and median-filtered: big, speckled modules (a worn print, a close-up)
# become solid. In ~1 ms it reads the pack code that only libdmtx could read, and only at a few
# scales after 0.05-2 s (real/anry777_yolo_dm/test_set/2026-02-21_10-18-29.png in the samples):
# so libdmtx keeps its short budget rather than 2 s on every photo with no code.
SMOOTHED_SIDES = (280, 200)
# libdmtx spends its whole timeout where there is no symbol, so it gets few, bounded tries per region:
# halved (big modules read in a quarter of the time), then as it is. The three photos only libdmtx
# reads take 1, 27 (halved) and 50+6 ms (halved: 258 ms; as it is: 6 ms).
LIBDMTX_LOOKS = ((0.5, 50), (1.0, 30))   # (scale, timeout ms)
LIBDMTX_BUDGET_S = 0.08  # all its tries on one photo together
LIBDMTX_SIDE = 480     # px: a region of a big photo is first brought down to this
LIBDMTX_SQUARE = 0.7   # min short/long side of a region worth it (libdmtx cannot read rectangles)
LIBDMTX_MIN_SIDE = 40  # px: a smaller region cannot hold a pack code libdmtx could read
# What the chain tries, in order, until a pack code is found: cheap and likely first (each earns its
# place in bench/decode.py; the costs are per photo of the real set, p95).
HARDER_LOOKS = (
    "mirrored",   # ~5 ms: reads 9 real photos (through film, or the back of a label)
    "closer",     # ~5 ms: 13 pack photos, 4 real
    "smoothed",   # ~2 ms: 4 real photos (a labelled QR in both zxing sets, the pack code above, 1 more)
    "full_size",  # a file bigger than FIRST_SIDE: small codes the copy lost (10-60 ms on 12 MP)
    "zbar",       # ~15 ms: 2 real photos
    "libdmtx",    # up to LIBDMTX_BUDGET_S: 2 pack photos, 1 real
)
HINT_DARK, HINT_BRIGHT = 50, 215      # mean grey level
HINT_BLUR = 60.0                      # variance of the Laplacian of the 640 px copy
HINT_SMALL_SIDE = 320                 # px: a photo this small cannot hold a readable pack code
HINT_SMALL_CODE = 60                  # px: the likeliest code region is smaller than this


@dataclass(frozen=True)
class Symbol:
    """One decoded barcode."""

    format: str                        # datamatrix, qrcode, ean13, ean8, upca, upce, code128, pdf417
    payload: bytes                     # raw; a GS1 element string has no leading FNC1 and GS (0x1d) between fields
    text: str                          # payload as text: zxing's charset decoding, else UTF-8 (latin-1 fallback)
    gs1: bool                          # a GS1 element string (FNC1 in first position)
    position: tuple[int, int, int, int]  # x, y, w, h in the original image's pixels
    decoder: str                       # "zxing", "libdmtx" or "zbar"


@dataclass
class DecodeResult:
    """The symbols found (each payload once) and, when none is a pack code, hints on why."""

    symbols: list[Symbol]
    # Subset of "too_small", "blurred", "dark", "bright", "linear_only" (locale keys nocode-hint-*).
    hints: tuple[str, ...] = ()
    ms: float = 0.0


def decode_image(data: bytes, deadline_s: float = GIVE_UP_S) -> DecodeResult:
    """Decode every barcode in an image file's bytes, giving up after `deadline_s`; raises ImageError."""
    start = time.perf_counter()
    img = load_image(data)
    result = decode_grey(img, start + deadline_s)
    result.ms = (time.perf_counter() - start) * 1000
    return result


def decode_grey(img: Image.Image, deadline: float) -> DecodeResult:
    """The decoder chain on a grey image; `deadline` is a time.perf_counter() value."""
    found = _Found()
    base, scale = _fit(img, FIRST_SIDE)
    # 1-D codes at an angle come later (turned upright); zxing's rotations cost 2x here.
    found.add_zxing(base, ALL_FORMATS, scale=scale, try_rotate=False)
    if found.has_pack() and found.has_linear():
        return DecodeResult(found.confirmed(img))
    matrix, linear = _regions(base)
    matrix = [_scaled(box, 1 / scale) for box in matrix[:REGIONS]]
    for look in HARDER_LOOKS:
        if found.has_pack() or time.perf_counter() > deadline:
            break
        _harder_look(look, found, img, base, scale, matrix, deadline)
    # The EAN beside a pack code, or the only code in the photo.
    for box, angle in linear[:LINEAR_REGIONS]:
        if found.has_linear() or time.perf_counter() > deadline:
            break
        _look_along(found, img, _scaled(box, 1 / scale), angle, deadline)
    symbols = found.confirmed(img)
    hints = () if found.has_pack() else _hints(base, img, symbols, found, matrix)
    return DecodeResult(symbols=symbols, hints=hints)


# ----------------------------------------------------------------------------- the symbols found

@dataclass
class _Found:
    symbols: list[Symbol] = field(default_factory=list)
    readers: dict[bytes, set[str]] = field(default_factory=dict)  # which decoders read each payload
    linear_seen: bool = False          # a 1-D code was read, vouched for or not (for the hint)

    def add(self, symbol: Symbol) -> None:
        if symbol.format in LINEAR_NAMES:
            self.linear_seen = True
        if symbol.payload not in self.readers:
            self.symbols.append(symbol)
        self.readers.setdefault(symbol.payload, set()).add(symbol.decoder)

    def has_pack(self) -> bool:
        return any(_is_pack(s) for s in self.symbols)

    def covers(self, box: tuple[int, int, int, int]) -> bool:
        """A symbol was already read where this region is (no need to look there again)."""
        return any(_inside(box, s.position) for s in self.symbols)

    def has_linear(self) -> bool:
        gtins = self._pack_gtins()
        return any(s.format in LINEAR_NAMES and self._vouched(s, gtins) for s in self.symbols)

    def add_zxing(self, img: Image.Image, formats, *, scale: float = 1.0, offset=(0, 0),
                  mirrored: bool = False, position=None, **options) -> None:
        """Read `img` (a copy of the original scaled by `scale`, cut at `offset`) with zxing-cpp.

        `position` places every symbol found there instead (for a copy that was turned).
        """
        barcodes = zxingcpp.read_barcodes(img, formats=formats, text_mode=zxingcpp.TextMode.Plain, **options)
        for barcode in barcodes:
            name = FORMAT_NAMES.get(barcode.format)
            if name is None:
                continue
            box = _box(barcode.position)
            if mirrored:
                box = (img.width - box[0] - box[2], box[1], box[2], box[3])
            gs1 = barcode.content_type == zxingcpp.ContentType.GS1 or barcode.symbology_identifier in GS1_IDS
            symbol = _symbol(name, barcode.bytes, gs1, position or _placed(box, scale, offset), "zxing")
            # zxing knows the symbol's character set (ECI, Shift_JIS guess): its text beats our UTF-8 guess.
            self.add(replace(symbol, text=barcode.text.lstrip("\x1d\xe8") if gs1 else barcode.text))

    def add_zbar(self, img: Image.Image, kinds, *, scale: float = 1.0, position=None,
                 new_places: bool = False) -> None:
        """Codes of `kinds` zbar reads in `img` (a copy scaled by `scale`, or a view placed at `position`).

        `new_places`: only where nothing was read yet (zbar re-encodes QR text, so its read of a
        code zxing already has would look like a second, different code).
        """
        for d in pyzbar.decode(img, symbols=kinds):
            where = position or _placed((d.rect.left, d.rect.top, d.rect.width, d.rect.height), scale, (0, 0))
            if not (new_places and self.covers(where)):
                self.add(_symbol(ZBAR_NAMES.get(d.type, d.type.lower()), d.data, False, where, "zbar"))

    def add_libdmtx(self, img: Image.Image, box: tuple[int, int, int, int], deadline: float) -> None:
        """Read one region of the original with libdmtx (FNC1 reported as GS), first shrunk, then whole."""
        crop, offset = _cut(img, box, max(24, box[2] // 6, box[3] // 6))
        for factor, timeout_ms in LIBDMTX_LOOKS:
            left_ms = int((deadline - time.perf_counter()) * 1000)
            if left_ms < 20:
                return
            factor *= min(1.0, LIBDMTX_SIDE / max(crop.size))  # its time grows with the pixels, not the modules
            size = (round(crop.width * factor), round(crop.height * factor))
            small = crop if factor == 1 else crop.resize(size, Image.BOX)
            for raw, where in _libdmtx_read(small, min(timeout_ms, left_ms)):
                gs1 = raw.startswith(GS)   # FNC1 in first position: a GS1 DataMatrix
                symbol = _symbol("datamatrix", raw, gs1, _placed(where, factor, offset), "libdmtx")
                if gs1 and _parsed(symbol.payload) is None:
                    continue  # libdmtx is the least strict decoder: a GS1 read must also make sense
                self.add(symbol)
                return  # one code per region: searching on would only burn the rest of the timeout

    def confirmed(self, img: Image.Image) -> list[Symbol]:
        """The symbols, minus check-digit-only product codes that nothing else vouches for."""
        gtins = self._pack_gtins()
        for s in self.symbols:
            if s.format in CHECK_DIGIT_ONLY and not self._vouched(s, gtins) and _zbar_agrees(img, s):
                self.readers[s.payload].add("zbar")
        return [s for s in self.symbols if self._vouched(s, gtins)]

    def _pack_gtins(self) -> set[str]:
        return {_gtin14(s) for s in self.symbols if _is_pack(s)}

    def _vouched(self, symbol: Symbol, gtins: set[str]) -> bool:
        # An EAN misread keeps a valid check digit one time in ten: two decoders, or the pack's GTIN, must agree.
        return (symbol.format not in CHECK_DIGIT_ONLY or len(self.readers[symbol.payload]) > 1
                or _gtin14(symbol) in gtins)


def _symbol(name: str, raw: bytes, gs1: bool, position, decoder: str) -> Symbol:
    payload = bytes(raw)
    if gs1:
        payload = payload.lstrip(GS + FNC1)  # some decoders hand over the leading FNC1
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        text = payload.decode("latin-1")
    return Symbol(name, payload, text, gs1, position, decoder)


@functools.lru_cache(maxsize=256)
def _parsed(payload: bytes) -> PackCode | None:
    """The payload as a GS1 code, or None (asked many times per image: each step checks for a pack)."""
    try:
        return parse_code(payload)
    except CodeError:
        return None


def _is_pack(symbol: Symbol) -> bool:
    code = _parsed(symbol.payload)
    return symbol.format in ("datamatrix", "qrcode") and code is not None and code.is_pack


def _gtin14(symbol: Symbol) -> str | None:
    if symbol.format in CHECK_DIGIT_ONLY:
        return symbol.text.zfill(14)
    code = _parsed(symbol.payload)
    return code.gtin if code else None


def _zbar_agrees(img: Image.Image, symbol: Symbol) -> bool:
    """zbar reads the same product code around where zxing saw it (their misreads differ)."""
    x, y, w, h = symbol.position
    crop, _ = _cut(img, symbol.position, max(16, w // 4, h // 2))
    if max(crop.size) > 1024:
        crop.thumbnail((1024, 1024))
    for variant in (crop, crop.rotate(90, expand=True)):  # zbar scans rows and columns, not slants
        if any(d.data.decode("latin-1").zfill(14) == symbol.text.zfill(14)
               for d in pyzbar.decode(variant, symbols=ZBAR_PRODUCT)):
            return True
    return False


# ----------------------------------------------------------------------------- harder looks

def _harder_look(look: str, found: _Found, img: Image.Image, base: Image.Image, scale: float,
                 regions: list[tuple[int, int, int, int]], deadline: float) -> None:
    """One of HARDER_LOOKS; a region is skipped once a symbol has been read there."""
    unread = [box for box in regions if not found.covers(box)]
    if look == "mirrored":  # codes photographed through film or from the back of a label
        found.add_zxing(ImageOps.mirror(base), MATRIX_FORMATS, scale=scale, mirrored=True)
    elif look == "closer":
        for box in unread:
            _look_closer(found, img, box)
    elif look == "smoothed":
        for box in unread:
            _look_smoothed(found, img, box)
    elif look == "full_size" and img is not base:  # a file keeps its resolution; a photo is 1280 px
        found.add_zxing(img, ALL_FORMATS, try_rotate=False)
    elif look == "zbar":  # its QR reader copes with some blur and glare that zxing's does not
        found.add_zbar(base, [pyzbar.ZBarSymbol.QRCODE], scale=scale, new_places=True)
    elif look == "libdmtx":
        deadline = min(deadline, time.perf_counter() + LIBDMTX_BUDGET_S)
        for box in unread:
            if found.has_pack() or time.perf_counter() > deadline:
                return
            # it reads square symbols only, and a pack code's modules need some pixels
            if min(box[2], box[3]) >= max(LIBDMTX_MIN_SIDE, LIBDMTX_SQUARE * max(box[2], box[3])):
                found.add_libdmtx(img, box, deadline)


def _look_closer(found: _Found, img: Image.Image, box: tuple[int, int, int, int]) -> None:
    """zxing on one region cut from the original and enlarged (thin modules, blur, JPEG blocks)."""
    crop, offset = _cut(img, box, max(16, box[2] // 6, box[3] // 6))
    tried = set()
    for factor, binarizer in CLOSER_LOOKS:
        factor = min(factor, CLOSER_SIDE / max(crop.size))  # a region of a big photo needs no enlarging
        if round(factor, 1) in tried or found.has_pack():
            continue
        tried.add(round(factor, 1))
        big = crop.resize((round(crop.width * factor), round(crop.height * factor)), Image.BICUBIC)
        found.add_zxing(big, MATRIX_FORMATS, scale=factor, offset=offset, try_rotate=False, binarizer=binarizer)


def _look_smoothed(found: _Found, img: Image.Image, box: tuple[int, int, int, int]) -> None:
    """zxing on one region shrunk to SMOOTHED_SIDES and median-filtered (speckled or worn big modules)."""
    crop, offset = _cut(img, box, max(16, box[2] // 6, box[3] // 6))
    for side in SMOOTHED_SIDES:
        factor = side / max(crop.size)
        if factor >= 1 or found.has_pack():
            continue
        small = crop.resize((round(crop.width * factor), round(crop.height * factor)), Image.BOX)
        found.add_zxing(small.filter(ImageFilter.MedianFilter(3)), MATRIX_FORMATS, scale=factor, offset=offset,
                        try_downscale=False, binarizer=zxingcpp.Binarizer.GlobalHistogram)


def _look_along(found: _Found, img: Image.Image, box: tuple[int, int, int, int], angle: float,
                deadline: float) -> None:
    """A striped region read as a 1-D code: zxing with its bars turned upright, zbar several ways.

    zbar's reads of thin, slanted bars depend on where its scan lines start, so each way below
    reads EANs the others miss (pack photos: 21, 22, 14, 18 of 34; 23 together).
    """
    crop, _ = _cut(img, box, 16)
    if max(crop.size) > LINEAR_SIDE:  # a barcode filling a big photo has bars to spare
        crop.thumbnail((LINEAR_SIDE, LINEAR_SIDE), Image.BOX)
    upright = crop.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    found.add_zxing(upright, LINEAR_FORMATS, position=box, try_rotate=False)
    strip = img.crop((0, max(0, box[1] - 16), img.width, min(img.height, box[1] + box[3] + 16)))
    if strip.width > 2 * LINEAR_SIDE:
        strip.thumbnail((2 * LINEAR_SIDE, LINEAR_SIDE), Image.BOX)
    for view in (crop, lambda: strip, lambda: upright,
                 lambda: upright.resize((upright.width * 2, upright.height * 2), Image.BICUBIC)):
        if found.has_linear() or time.perf_counter() > deadline:
            return
        found.add_zbar(view() if callable(view) else view, ZBAR_PRODUCT, position=box)


def _cut(img: Image.Image, box: tuple[int, int, int, int], margin: int) -> tuple[Image.Image, tuple[int, int]]:
    """The region `box` of `img` with `margin` pixels around it, and where the cut starts."""
    x0, y0 = max(0, box[0] - margin), max(0, box[1] - margin)
    x1, y1 = min(img.width, box[0] + box[2] + margin), min(img.height, box[1] + box[3] + margin)
    return img.crop((x0, y0, x1, y1)), (x0, y0)


# ----------------------------------------------------------------------------- candidate regions

def _regions(img: Image.Image) -> tuple[list, list]:
    """Where codes probably are: (matrix boxes, [(linear box, angle)]), boxes as (x, y, w, h).

    Looked for in a ~640 px copy, then in a ~320 px one for codes with big modules (they look
    like separate blobs, or like stripes, when a cell holds a single module edge).
    """
    fine, linear = _regions_at(img, REGION_SIDES[0])
    coarse, _ = _regions_at(img, REGION_SIDES[1])
    matrix: list[tuple[int, int, int, int]] = []
    for box in (b for pair in itertools.zip_longest(fine, coarse) for b in pair if b):  # alternate scales
        if not any(_inside(box, kept) and kept[2] * kept[3] >= box[2] * box[3] / 2 for kept in matrix):
            matrix.append(box)
    return matrix, linear


def _inside(box: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> bool:
    """The centre of `box` lies in `other`."""
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    return other[0] <= cx <= other[0] + other[2] and other[1] <= cy <= other[1] + other[3]


def _regions_at(img: Image.Image, side: int, cell: int = 8):
    """Candidate regions measured per 8x8 cell of a copy about `side` px long, largest first.

    A code is about half dark where text is mostly background; a matrix code has edges in every
    direction, a 1-D code's gradients all share one direction (the angle that turns its bars upright).
    """
    factor = max(1, round(max(img.size) / side))
    small = img.reduce(factor) if factor > 1 else img
    a = np.asarray(small, dtype=np.int16)
    rows, cols = (a.shape[0] - 1) // cell, (a.shape[1] - 1) // cell
    if rows < 3 or cols < 3:
        return [], []
    h, w = rows * cell, cols * cell

    def per_cell(x: np.ndarray, how: str = "sum") -> np.ndarray:
        # Fold the cell's rows first (whole rows at once), then its columns: 4-6x faster than axis=(1, 3).
        reduce = {"sum": np.add, "min": np.minimum, "max": np.maximum}[how].reduce
        kind = np.float32 if how == "sum" else x.dtype
        return reduce(reduce(x.reshape(rows, cell, w), axis=1, dtype=kind).reshape(rows, cols, cell), axis=2)

    # Both gradients centred on the same point (2x2 differences), or their product skews the angle.
    a = a.astype(np.float32)
    right, down, diagonal, here = a[:h, 1:w + 1], a[1:h + 1, :w], a[1:h + 1, 1:w + 1], a[:h, :w]
    dx = (right + diagonal - here - down) / 2
    dy = (down + diagonal - here - right) / 2
    edges_x = _box3(per_cell(np.abs(dx) > 40) / (cell * cell))
    edges_y = _box3(per_cell(np.abs(dy) > 40) / (cell * cell))
    low, high = _min3(per_cell(here, "min")), -_min3(-per_cell(here, "max"))
    # Each cell thresholded at the middle of its neighbourhood, so a cell inside one big module counts right.
    middle = np.repeat(np.repeat((low + high) // 2, cell, axis=0), cell, axis=1)
    ink = _box3(per_cell(here < middle) / (cell * cell))
    contrast = high - low > 50
    jxx, jyy, jxy = _box3(per_cell(dx * dx)), _box3(per_cell(dy * dy)), _box3(per_cell(dx * dy))
    coherence = np.sqrt((jxx - jyy) ** 2 + 4 * jxy ** 2) / (jxx + jyy + 1e-6)
    striped = coherence >= LINEAR_COHERENCE
    matrix = contrast & (ink > 0.3) & (ink < 0.75) & (np.minimum(edges_x, edges_y) > 0.1) & ~striped
    linear = contrast & (ink > 0.2) & (ink < 0.8) & (np.maximum(edges_x, edges_y) > 0.08) & striped
    linear = _min3(~_min3(~linear))  # close the gaps a wide bar or space leaves in a row of cells
    unit = cell * factor
    matrix_boxes = [box for _, box, _ in _blobs(matrix, 4, unit)]
    linear_boxes = []
    for _, box, blob in _blobs(linear, LINEAR_MIN_CELLS, unit):
        angle = 0.5 * np.degrees(np.arctan2(2 * jxy[blob].sum(), (jxx[blob] - jyy[blob]).sum()))
        linear_boxes.append((box, float(angle)))
    return matrix_boxes, linear_boxes


def _blobs(mask: np.ndarray, min_cells: int, unit: int):
    """Connected blobs of at least `min_cells` cells, largest first: (cells, box in pixels, blob mask)."""
    out = []
    for r0, c0, r1, c1, count in _components(mask):
        if count >= min_cells and min(r1 - r0, c1 - c0) >= 2:  # a line of cells is an edge, not a code
            blob = np.zeros_like(mask)
            blob[r0:r1 + 1, c0:c1 + 1] = mask[r0:r1 + 1, c0:c1 + 1]
            out.append((count, (c0 * unit, r0 * unit, (c1 - c0 + 1) * unit, (r1 - r0 + 1) * unit), blob))
    out.sort(key=lambda item: -item[0])
    return out


def _box3(x: np.ndarray) -> np.ndarray:
    p = np.pad(x, 1, mode="edge")
    return sum(p[i:i + x.shape[0], j:j + x.shape[1]] for i in range(3) for j in range(3)) / 9


def _min3(x: np.ndarray) -> np.ndarray:
    p = np.pad(x, 1, mode="edge")
    return np.min([p[i:i + x.shape[0], j:j + x.shape[1]] for i in range(3) for j in range(3)], axis=0)


def _components(mask: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """4-connected components of a small boolean grid as (row0, col0, row1, col1, cells)."""
    seen = np.zeros_like(mask)
    out = []
    for r, c in zip(*np.nonzero(mask)):
        if seen[r, c]:
            continue
        seen[r, c] = True
        stack, r0, c0, r1, c1, count = [(r, c)], r, c, r, c, 0
        while stack:
            y, x = stack.pop()
            count += 1
            r0, c0, r1, c1 = min(r0, y), min(c0, x), max(r1, y), max(c1, x)
            for yy, xx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
                if 0 <= yy < mask.shape[0] and 0 <= xx < mask.shape[1] and mask[yy, xx] and not seen[yy, xx]:
                    seen[yy, xx] = True
                    stack.append((yy, xx))
        out.append((int(r0), int(c0), int(r1), int(c1), count))
    return out


# ----------------------------------------------------------------------------- libdmtx

def _libdmtx_read(img: Image.Image, timeout_ms: int):
    """libdmtx with FNC1 reported as GS (pylibdmtx cannot ask for it) and a hard timeout.

    Yields (payload, (x, y, w, h)) in `img` pixels.
    """
    pixels = img.tobytes()
    image = dmtx.dmtxImageCreate(ctypes.cast(pixels, dmtx.c_ubyte_p), img.width, img.height,
                                 dmtx.DmtxPackOrder.DmtxPack8bppK)
    if not image:
        return
    decoder = dmtx.dmtxDecodeCreate(image, 1)
    try:
        dmtx.dmtxDecodeSetProp(decoder, dmtx.DmtxProperty.DmtxPropFnc1, 0x1D)  # DmtxPropFnc1 = 104
        deadline = dmtx.dmtxTimeAdd(dmtx.dmtxTimeNow(), timeout_ms)
        while True:
            region = dmtx.dmtxRegionFindNext(decoder, ctypes.byref(deadline))
            if not region:
                return
            try:
                message = dmtx.dmtxDecodeMatrixRegion(decoder, region, dmtx.DmtxUndefined)
                if not message:
                    continue
                try:
                    raw = ctypes.string_at(message.contents.output, message.contents.outputIdx)
                    yield raw, _libdmtx_box(region, img.height)
                finally:
                    dmtx.dmtxMessageDestroy(ctypes.byref(message))
            finally:
                dmtx.dmtxRegionDestroy(ctypes.byref(region))
    finally:
        dmtx.dmtxDecodeDestroy(ctypes.byref(decoder))
        dmtx.dmtxImageDestroy(ctypes.byref(image))


def _libdmtx_box(region, height: int) -> tuple[int, int, int, int]:
    corners = []
    for x, y in ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)):
        p = dmtx.DmtxVector2(x, y)
        dmtx.dmtxMatrix3VMultiplyBy(p, region.contents.fit2raw)
        corners.append((p.X, height - 1 - p.Y))  # libdmtx counts rows from the bottom
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return int(min(xs)), int(min(ys)), int(max(xs) - min(xs)), int(max(ys) - min(ys))


# ----------------------------------------------------------------------------- geometry and hints

def _fit(img: Image.Image, side: int) -> tuple[Image.Image, float]:
    if max(img.size) <= side:
        return img, 1.0
    scale = side / max(img.size)
    return img.resize((round(img.width * scale), round(img.height * scale)), Image.BOX), scale


def _box(position) -> tuple[int, int, int, int]:
    points = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    xs, ys = [p.x for p in points], [p.y for p in points]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _placed(box, scale: float, offset) -> tuple[int, int, int, int]:
    """A box measured in a copy scaled by `scale` and cut at `offset`, in original pixels."""
    x, y, w, h = box
    return (round(offset[0] + x / scale), round(offset[1] + y / scale), round(w / scale), round(h / scale))


def _scaled(box, factor: float) -> tuple[int, int, int, int]:
    return tuple(round(v * factor) for v in box)  # type: ignore[return-value]


def _hints(base: Image.Image, img: Image.Image, symbols: list[Symbol], found: _Found, regions) -> tuple[str, ...]:
    """Why there is no pack code, from cheap measures of the photo (locale keys nocode-hint-*)."""
    hints = []
    a = np.asarray(base.reduce(max(1, round(max(base.size) / 640))), dtype=np.float32)
    mean = float(a.mean())
    if max(img.size) < HINT_SMALL_SIDE or any(min(w, h) < HINT_SMALL_CODE for _, _, w, h in regions[:1]):
        hints.append("too_small")
    laplacian = a[1:-1, 1:-1] * 4 - a[:-2, 1:-1] - a[2:, 1:-1] - a[1:-1, :-2] - a[1:-1, 2:]
    if laplacian.size and float(laplacian.var()) < HINT_BLUR:
        hints.append("blurred")
    if mean < HINT_DARK:
        hints.append("dark")
    elif mean > HINT_BRIGHT:
        hints.append("bright")
    if found.linear_seen and not any(s.format in ("datamatrix", "qrcode") for s in symbols):
        hints.append("linear_only")
    return tuple(hints)
