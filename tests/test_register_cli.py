"""`medcheck import` / `medcheck sync`: exit 0 only when applied, 1 with one clear line when refused."""
from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.cli import main
from register.models import Product
from tests.conftest import PACKS


async def run(db, monkeypatch, *argv: str) -> int:
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.delenv("SYNC_CONFIG", raising=False)
    return await asyncio.to_thread(main, list(argv))  # the CLI runs its own event loop


async def products(db) -> int:
    async with db.session() as session:
        return (await session.execute(select(func.count()).select_from(Product))).scalar()


async def test_import_applied_exits_0_with_a_summary(db, monkeypatch, capsys):
    assert await run(db, monkeypatch, "import", "gtin-catalogue", str(PACKS / "gtin_catalogue.csv")) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("gtin-catalogue: 8 rows read, 8 applied, 0 rejected in ")
    assert await products(db) == 8


async def test_import_refused_exits_1_and_names_the_bad_rows(db, monkeypatch, capsys, tmp_path):
    await run(db, monkeypatch, "import", "gtin-catalogue", str(PACKS / "gtin_catalogue.csv"))
    capsys.readouterr()
    bad = tmp_path / "bad.csv"
    bad.write_text((PACKS / "gtin_catalogue.csv").read_text().replace("05403186091391", "5403186091392"))
    assert await run(db, monkeypatch, "import", "gtin-catalogue", str(bad)) == 1
    captured = capsys.readouterr()
    assert "1 rejected" in captured.out and "line 3: GTIN 05403186091392 has a bad check digit" in captured.out
    [reason] = captured.err.strip().splitlines()
    assert reason.startswith("medcheck import: refused, the old data stays: 1 of 8 rows rejected")
    assert await products(db) == 8


async def test_unreadable_file_exits_1_with_one_line(db, monkeypatch, capsys, tmp_path):
    truncated = tmp_path / "register.json"
    truncated.write_bytes((PACKS / "uz_register.json").read_bytes()[:700])
    assert await run(db, monkeypatch, "import", "uz-register", str(truncated)) == 1
    [reason] = capsys.readouterr().err.strip().splitlines()
    assert "register.json is not valid JSON (truncated?)" in reason
    assert await run(db, monkeypatch, "import", "uz-register", str(tmp_path / "missing.json")) == 1
    assert "cannot read" in capsys.readouterr().err


async def test_bad_arguments_exit_2(db, monkeypatch, capsys):
    path = str(PACKS / "gtin_catalogue.csv")
    assert await run(db, monkeypatch, "import", "gtin-catalogue", path, "--data-date", "21.11.2026") == 2
    assert await run(db, monkeypatch, "sync") == 2
    assert "pass --config" in capsys.readouterr().err


async def test_a_looser_threshold_applies_a_load_with_a_few_bad_rows(db, monkeypatch, capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text((PACKS / "gtin_catalogue.csv").read_text().replace("05403186091391", "5403186091392"))
    argv = ("import", "gtin-catalogue", str(bad), "--max-rejected-share", "0.2", "--max-rejected-rows", "5")
    assert await run(db, monkeypatch, *argv) == 0
    assert "7 applied, 1 rejected" in capsys.readouterr().out
    assert await products(db) == 7
