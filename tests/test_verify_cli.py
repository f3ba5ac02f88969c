"""`medcheck verify` end to end: a fresh SQLite file, the demo register, code texts and pack photos."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bot.cli import main
from tests.conftest import PACKS, REPO

TODAY = "2026-11-21"
VERDICTS = [json.loads(line) for line in (PACKS / "verdicts.jsonl").read_text().splitlines() if line.strip()]
PHOTOS = {row["file"]: row for row in map(json.loads, (PACKS / "photos.jsonl").read_text().splitlines())}
GREEN = next(row for row in VERDICTS if row["expect_verdict"] == "green")


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('cli') / 'medcheck.db'}"


@pytest.fixture
def verify(database_url, monkeypatch, capsys):
    """Run `medcheck verify ARGS` in-process; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("DATABASE_URL", database_url)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["verify", *args])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_fresh_machine_subprocess(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}",
           "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "bot", "verify", "--json", "--today", TODAY, GREEN["text"]],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    [data] = json_lines(proc.stdout)
    assert (data["verdict"], data["reasons"][0], data["gtin"], data["serial"], data["batch"], data["expiry"]) == (
        "green", "in_circulation", GREEN["gtin"], GREEN["serial"], GREEN["batch"], GREEN["expiry"])
    assert data["product"]["gtin"] == GREEN["gtin"] and data["registration"]["status"] == "valid"


@pytest.mark.parametrize("row", VERDICTS[::4] + [r for r in VERDICTS if r["expect_verdict"] != "green"],
                         ids=lambda row: f"{row['expect_reason']}-{row['serial']}")
def test_code_text_json(verify, row):
    code, out, err = verify("--json", "--today", TODAY, row["text"])
    assert code == 0, err
    [data] = json_lines(out)
    assert (data["verdict"], data["reasons"][0]) == (row["expect_verdict"], row["expect_reason"])
    assert (data["gtin"], data["serial"]) == (row["gtin"], row["serial"])


def test_readable_card(verify):
    code, out, _ = verify("--today", TODAY, GREEN["text"])
    assert code == 0
    assert out.startswith("GREEN: the code is known and in circulation")
    assert GREEN["serial"] in out and "Product:" in out and "Max price:" in out


@pytest.mark.parametrize("name", ["pack_002.jpg", "pack_012.jpg"])
def test_pack_photo(verify, name):
    row = PHOTOS[name]
    code, out, err = verify("--json", "--today", TODAY, str(PACKS / "photos" / name))
    assert code == 0, err
    [data] = json_lines(out)
    assert (data["verdict"], data["reasons"][0]) == (row["expect_verdict"], row["expect_reason"])


def test_photo_with_qr_and_ean13_gets_the_one_verdict_the_bot_gives(verify):
    code, out, err = verify("--json", "--today", TODAY, str(PACKS / "photos" / "pack_000.jpg"))
    assert code == 0, err
    # The EAN-13 beside the pack's code names the same product only: the bot does not answer it either.
    [result] = json_lines(out)
    assert (result["verdict"], result["reasons"][0]) == ("green", "in_circulation")


def test_the_codes_the_bot_would_answer_and_no_foreign_barcode(verify, monkeypatch, tmp_path):
    import verification.decode as decode
    symbols = [decode.Symbol("qrcode", b"https://example.com/menu", "https://example.com/menu", False, (0, 0, 9, 9),
                             "zxing"),
               decode.Symbol("datamatrix", GREEN["text"].encode(), GREEN["text"], True, (0, 0, 9, 9), "zxing"),
               decode.Symbol("ean13", b"4780181590830", "4780181590830", False, (0, 0, 9, 9), "zxing")]
    monkeypatch.setattr(decode, "decode_image", lambda data: decode.DecodeResult(symbols))
    photo = tmp_path / "carton.jpg"
    photo.write_bytes(b"stub")
    code, out, _ = verify("--json", "--today", TODAY, str(photo))
    assert code == 0
    assert [(r["verdict"], r["reasons"][0]) for r in json_lines(out)] == [("green", "in_circulation")]
    monkeypatch.setattr(decode, "decode_image", lambda data: decode.DecodeResult(symbols[2:]))
    code, out, _ = verify("--json", "--today", TODAY, str(photo))  # a product barcode alone is answered
    assert [(r["verdict"], r["reasons"][0]) for r in json_lines(out)] == [("yellow", "product_only")]
    monkeypatch.setattr(decode, "decode_image", lambda data: decode.DecodeResult(symbols[:1]))
    code, out, _ = verify("--today", TODAY, str(photo))
    assert (code, out.splitlines()[:2]) == (1, ["NONE: no pack code found", "  (not a code)"])


def test_photo_without_a_code(verify):
    code, out, _ = verify("--json", "--today", TODAY, str(PACKS / "photos" / "nocode_0.jpg"))
    assert code == 1
    [data] = json_lines(out)
    assert (data["verdict"], data["reasons"], data["gtin"]) == ("none", ["no_code"], None)


def test_garbage_text_gets_a_clear_answer(verify):
    code, out, _ = verify("--today", TODAY, "hello pharmacy")
    assert code == 1
    assert out.startswith("NONE: no pack code found")
    code, out, _ = verify("--json", "--today", TODAY, "hello pharmacy")
    assert json_lines(out)[0]["reasons"] == ["no_code"]


def test_non_image_file_is_unusable(verify, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture\n")
    code, out, err = verify("--json", notes.as_posix())
    assert (code, out) == (2, "")
    assert err.startswith("medcheck verify: cannot read the image: not an image")


@pytest.mark.parametrize(("args", "message"), [
    (["missing_photo.jpg"], "no such file: missing_photo.jpg"),
    (["--today", "21.11.2026", "4780181590830"], "--today must be a date"),
])
def test_unusable_arguments(verify, args, message):
    code, out, err = verify(*args)
    assert (code, out) == (2, "")
    assert message in err
