"""The decoder chain: every carton photo, the carried public test images, the image guards,
and GS1 DataMatrix codes rendered, lightly "photographed" and read back."""
from __future__ import annotations

import io
import json
import struct
import zlib
from datetime import date

import numpy as np
import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageEnhance, ImageFilter, ImageOps

import verification.decode as decode
from tests.conftest import PACKS, REAL
from verification.decode import DecodeResult, decode_image
from verification.gs1 import parse_code
from verification.image import MAX_BYTES, ImageError, load_image

PACK_ROWS = [json.loads(line) for line in (PACKS / "photos.jsonl").read_text().splitlines() if line.strip()]
REAL_ROWS = [json.loads(line) for line in (REAL / "manifest.jsonl").read_text().splitlines() if line.strip()]
# Public test images whose labelled code the chain misses; zxing-cpp and zbar alone miss them too.
REAL_UNREADABLE = {
    "zxing_java/qrcode-4/05.png": "QR printed on curled paper: a non-planar warp no reader here undoes",
    "zxing_cpp/datamatrix-5/issue794-3-2.webp": "small DataMatrix printed around a vial",
}
# Images holding a second, legitimate code that the label does not list.
REAL_EXTRA = {
    "zxing_java/qrcode-2/16.png": "an inner and an outer QR code; the label lists the outer one",
}


@pytest.mark.parametrize("row", PACK_ROWS, ids=lambda row: row["file"])
def test_pack_photo_decodes_to_its_expected_codes(row):
    """Every code on every carton photo is read, and nothing else: the photos are rendered no harder
    than the chain can read (tests/packs.py says where that limit is)."""
    result = decode_image((PACKS / "photos" / row["file"]).read_bytes(), deadline_s=10)
    assert {s.payload for s in result.symbols} == {e.encode() for e in row["expected"]}


@pytest.mark.parametrize("row", REAL_ROWS, ids=lambda row: row["path"])
def test_public_image_decodes_to_its_label(row):
    result = decode_image((REAL / row["path"]).read_bytes(), deadline_s=10)
    expected = {bytes.fromhex(h) for h in row["expected"]}
    # A label is the raw bytes or the UTF-8 text (a Shift_JIS QR is labelled by its text).
    found = {s.payload if s.payload in expected else s.text.encode() for s in result.symbols}
    if row["path"] not in REAL_UNREADABLE:
        assert expected <= found, f"missing {expected - found}"
    if row["path"] not in REAL_EXTRA:
        assert found <= expected, f"wrong read {found - expected}"


def test_real_pharma_vial_photo_reads_as_a_pack_code():
    """A GS1 DataMatrix photographed on a vial: read as GS1, and it parses to the pack's GTIN, serial,
    expiry and lot."""
    photo = REAL / "zxing_cpp/datamatrix-5/issue794-12-1.webp"
    [symbol] = decode_image(photo.read_bytes(), deadline_s=10).symbols
    assert symbol.format == "datamatrix" and symbol.gs1
    code = parse_code(symbol.payload)
    assert (code.gtin, code.serial, code.expiry, code.batch, code.is_pack) == (
        "08903819987659", "S1ND6MPPFCGG6B869XES", date(2031, 6, 30), "BNav4Cam2", True)


# ----------------------------------------------------------------------------- synthetic codes

def gs1_datamatrix(hri: str, module_px: int = 4) -> Image.Image:
    """A square GS1 DataMatrix, as on packs, for bracketed HRI text (a '(' in a value is written '\\(')."""
    barcode = zxingcpp.create_barcode(hri, zxingcpp.BarcodeFormat.DataMatrix, gs1=True, force_square=True)
    return Image.fromarray(np.asarray(barcode.to_image(scale=module_px)))


def photograph(code: Image.Image, *, angle: float = 0, blur: float = 0, quality: int = 85,
               background: int = 200) -> bytes:
    """The code on a pack-coloured card, turned, softened and saved as a phone JPEG."""
    card = Image.new("L", (code.width * 3, code.height * 3), background)
    card.paste(code, (code.width, code.height))
    card = card.rotate(angle, resample=Image.BICUBIC, fillcolor=background)
    if blur:
        card = card.filter(ImageFilter.GaussianBlur(blur))
    out = io.BytesIO()
    card.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def gtin14(body: str) -> str:
    """13 digits + GS1 check digit."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


SERIAL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789()+/='-._"
CRYPTO_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="


def _hri(value: str) -> str:
    return value.replace("(", "\\(").replace(")", "\\)")


@st.composite
def pack_codes(draw):
    gtin = gtin14(draw(st.text("0123456789", min_size=13, max_size=13)))
    serial = draw(st.text(SERIAL_CHARS, min_size=1, max_size=20))
    if draw(st.booleans()):  # Uzbek / EAEU: 21 serial(13) 91 key 92 crypto
        serial = draw(st.text(SERIAL_CHARS, min_size=13, max_size=13))
        key = draw(st.text(CRYPTO_CHARS, min_size=4, max_size=4))
        crypto = draw(st.text(CRYPTO_CHARS, min_size=44, max_size=44))
        hri = f"(01){gtin}(21){_hri(serial)}(91){_hri(key)}(92){_hri(crypto)}"
        return hri, dict(gtin=gtin, serial=serial, batch=None, expiry=None, crypto_key=key, crypto=crypto)
    expiry = draw(st.dates(date(2020, 1, 1), date(2040, 12, 28)))
    batch = draw(st.text(SERIAL_CHARS, min_size=1, max_size=20))
    hri = f"(01){gtin}(21){_hri(serial)}(17){expiry:%y%m%d}(10){_hri(batch)}"
    return hri, dict(gtin=gtin, serial=serial, batch=batch, expiry=expiry, crypto_key=None, crypto=None)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code=pack_codes(), module_px=st.integers(3, 6), angle=st.floats(-12, 12),
       blur=st.floats(0, 0.8), quality=st.integers(60, 95))
def test_rendered_gs1_datamatrix_reads_back_to_the_same_fields(code, module_px, angle, blur, quality):
    hri, fields = code
    data = photograph(gs1_datamatrix(hri, module_px), angle=angle, blur=blur, quality=quality)
    packs = [s for s in decode_image(data, deadline_s=5).symbols if s.format == "datamatrix"]
    assert len(packs) == 1
    symbol = packs[0]
    assert symbol.gs1 and not symbol.payload.startswith((b"\x1d", b"\xe8", b"]"))
    parsed = parse_code(symbol.payload)
    assert {k: getattr(parsed, k) for k in fields} == fields


UZ_SERIAL = "r3.J1T(D)tkwt"  # 13 characters, brackets included: they must survive the round trip
UZ_CRYPTO = "as1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po+79="
UZ_HRI = f"(01)04780181590830(21){_hri(UZ_SERIAL)}(91)5LQS(92){UZ_CRYPTO}"
UZ_PAYLOAD = f"010478018159083021{UZ_SERIAL}\x1d915LQS\x1d92{UZ_CRYPTO}".encode()


def test_symbol_carries_the_element_string_its_format_and_where_it_is():
    code = gs1_datamatrix(UZ_HRI, 5)
    result = decode_image(photograph(code))
    assert isinstance(result, DecodeResult) and result.hints == ()
    [symbol] = result.symbols
    assert (symbol.format, symbol.payload, symbol.gs1, symbol.decoder) == ("datamatrix", UZ_PAYLOAD, True, "zxing")
    assert symbol.text == UZ_PAYLOAD.decode()
    x, y, w, h = symbol.position  # the code sits in the middle third of the card
    assert abs(x - code.width) < 12 and abs(y - code.height) < 12
    assert abs(w - code.width) < 24 and abs(h - code.height) < 24


def test_mirrored_code_is_read():
    data = photograph(ImageOps.mirror(gs1_datamatrix(UZ_HRI, 5)))
    assert [s.payload for s in decode_image(data).symbols] == [UZ_PAYLOAD]


def test_a_small_code_in_a_big_file_is_read_at_full_resolution():
    """A file keeps its resolution: a code too small for the 1280 px copy (76 px of 12 MP) is still read."""
    card = Image.new("L", (4000, 3000), 200)
    card.paste(gs1_datamatrix(UZ_HRI, 2), (2600, 1800))
    out = io.BytesIO()
    card.save(out, "PNG")
    [symbol] = decode_image(out.getvalue(), deadline_s=10).symbols
    assert symbol.payload == UZ_PAYLOAD
    x, y, w, h = symbol.position  # in the file's own pixels
    assert abs(x - 2600) < 8 and abs(y - 1800) < 8 and abs(w - 76) < 12


def test_speckled_big_modules_are_read_from_a_smoothed_copy_unless_the_deadline_has_passed():
    """A worn print (flecks in the modules, as on the real photo libdmtx needed 2 s for) reads in a
    shrunk, median-filtered copy of its region; past the deadline the chain looks no further."""
    code = np.asarray(gs1_datamatrix(UZ_HRI, 12)).copy()
    flecks = np.random.default_rng(4).random((code.shape[0] // 3 + 1, code.shape[1] // 3 + 1)) < 0.1
    flecks = np.kron(flecks, np.ones((3, 3), bool))[:code.shape[0], :code.shape[1]]
    code[flecks] = 255 - code[flecks]
    data = photograph(Image.fromarray(code))
    assert zxingcpp.read_barcodes(load_image(data)) == []  # zxing on the photo as it is: nothing
    assert [s.payload for s in decode_image(data, deadline_s=10).symbols] == [UZ_PAYLOAD]
    assert decode_image(data, deadline_s=0).symbols == []


def test_libdmtx_reports_fnc1_as_group_separators():
    code = gs1_datamatrix(UZ_HRI, 5)
    reads = [raw for raw, _ in decode._libdmtx_read(ImageOps.expand(code, 20, 255), 2000)]
    assert reads == [b"\x1d" + UZ_PAYLOAD]  # the leading FNC1 too: it marks the symbol as GS1


def test_libdmtx_reads_what_zxing_cannot_and_the_payload_is_the_same(monkeypatch):
    monkeypatch.setattr(decode, "LIBDMTX_LOOKS", ((1.0, 2000),))
    monkeypatch.setattr(decode, "LIBDMTX_BUDGET_S", 5)
    monkeypatch.setattr(decode.zxingcpp, "read_barcodes", lambda *args, **kwargs: [])
    [symbol] = decode_image(photograph(gs1_datamatrix(UZ_HRI, 5)), deadline_s=5).symbols
    assert (symbol.decoder, symbol.payload, symbol.gs1) == ("libdmtx", UZ_PAYLOAD, True)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "GIF", "BMP", "TIFF", "HEIF"])
def test_common_formats_are_read(fmt):
    if fmt == "HEIF":
        pytest.importorskip("pillow_heif")
    card = Image.open(io.BytesIO(photograph(gs1_datamatrix(UZ_HRI, 5)))).convert("RGB")
    out = io.BytesIO()
    try:
        card.save(out, fmt, **({"lossless": True} if fmt == "WEBP" else {}))
    except (KeyError, OSError, ValueError) as exc:  # an encoder this libheif build lacks
        pytest.skip(f"cannot write {fmt} here: {exc}")
    assert [s.payload for s in decode_image(out.getvalue()).symbols] == [UZ_PAYLOAD]


def test_exif_orientation_is_applied():
    card = Image.open(io.BytesIO(photograph(gs1_datamatrix(UZ_HRI, 5))))
    card = card.crop((0, 0, card.width, card.height * 2 // 3))  # not square: the turn shows in the size
    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned: the viewer must rotate 90 degrees clockwise
    out = io.BytesIO()
    card.transpose(Image.Transpose.ROTATE_90).save(out, "JPEG", exif=exif.tobytes())
    upright = load_image(out.getvalue())
    assert upright.mode == "L" and upright.size == card.size


def test_an_ean_alone_is_read_by_both_decoders_and_hinted_as_linear_only():
    ean = Image.fromarray(np.asarray(zxingcpp.create_barcode("4780181590830", zxingcpp.BarcodeFormat.EAN13)
                                     .to_image(scale=3)))
    result = decode_image(photograph(ean.resize((ean.width, 150)), angle=20))
    assert [(s.format, s.payload) for s in result.symbols] == [("ean13", b"4780181590830")]
    assert "linear_only" in result.hints


def test_nothing_to_read_gives_hints():
    code = gs1_datamatrix(UZ_HRI, 3)
    dark = Image.open(io.BytesIO(photograph(code, blur=6)))
    dark = ImageEnhance.Brightness(dark).enhance(0.2)
    out = io.BytesIO()
    dark.save(out, "JPEG")
    result = decode_image(out.getvalue())
    assert result.symbols == []
    assert {"blurred", "dark"} <= set(result.hints)


# ----------------------------------------------------------------------------- guards

def _reason(data: bytes) -> str:
    with pytest.raises(ImageError) as caught:
        load_image(data)
    return caught.value.reason


def test_text_is_not_an_image():
    assert _reason(b"01046018080141052 is a code, not a photo\n" * 20) == "not_an_image"


def test_more_than_20_mb_is_too_large():
    assert len(b"\xff" * (21 * 1024 * 1024)) > MAX_BYTES
    assert _reason(b"\xff\xd8" + b"\0" * (21 * 1024 * 1024)) == "too_large"


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height: a decompression bomb's calling card."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(20000, 20000), (8000, 6000)])
def test_decompression_bomb_is_refused_before_decoding(size):
    assert _reason(_png_claiming(*size)) == "too_many_pixels"


def test_cut_off_jpeg_is_truncated():
    whole = photograph(gs1_datamatrix(UZ_HRI, 5))
    assert _reason(whole[: len(whole) // 2]) == "truncated"


def test_decode_image_raises_the_guard_errors():
    with pytest.raises(ImageError) as caught:
        decode_image(b"GIF89a but not really")
    assert caught.value.reason == "not_an_image"


# ----------------------------------------------------------------------------- the CLI command

def test_decode_command_prints_one_json_line_per_file(tmp_path, capsys):
    from verification.decode_cli import decode_command
    photo = tmp_path / "pack.jpg"
    photo.write_bytes(photograph(gs1_datamatrix(UZ_HRI, 5)))
    text = tmp_path / "notes.txt"
    text.write_text("not a photo")
    assert decode_command([str(photo), str(text)], as_json=True) == 2  # the text file is no image
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    [code] = first["codes"]
    assert first["error"] is None and first["ms"] > 0
    assert code["text"] == UZ_PAYLOAD.decode() and code["format"] == "datamatrix" and code["gs1"]
    assert code["parsed"] == {"gtin": "04780181590830", "serial": UZ_SERIAL, "batch": None, "expiry": None,
                              "crypto_key": "5LQS", "crypto": UZ_CRYPTO}
    assert second["codes"] == [] and second["error"] == "not_an_image"


def test_decode_command_exits_2_for_a_missing_file_and_reads_the_rest(tmp_path, capsys):
    from verification.decode_cli import decode_command
    photo = tmp_path / "pack.jpg"
    photo.write_bytes(photograph(gs1_datamatrix(UZ_HRI, 5)))
    assert decode_command([str(tmp_path / "gone.jpg"), str(photo)], as_json=False) == 2
    missing, found = capsys.readouterr().out.splitlines()
    assert missing.endswith("error: missing")
    assert "datamatrix GS1 010478018159083021" in found and "<GS>91" in found and "serial=" in found
