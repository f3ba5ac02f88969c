"""`medcheck org add|list` and `medcheck grant USER institution ORG`, on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio

from bot.cli import main
from core.users import User
from institutions.orgs import get_org, list_orgs, staff_organisation


async def _cli(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))  # main runs its own event loop


async def test_organisations_and_their_staff(db, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.setenv("ADMIN_IDS", "1")

    assert await _cli("org", "add", "City Hospital 7", "--tin", "123456789", "--place", "BP-77",
                      "--region", "Tashkent", "--gateway", "xtrace", "--key-env", "XTRACE_KEY_H7") == 0
    assert "organisation 1: City Hospital 7 (TIN 123456789, xtrace)" in capsys.readouterr().out
    assert await _cli("org", "add", "Rural clinic", "--tin", "987654321", "--place", "BP-9") == 0
    capsys.readouterr()
    # Refused, and nothing written: a duplicate TIN, a key instead of a variable's name, a bad TIN.
    assert await _cli("org", "add", "Again", "--tin", "123456789", "--place", "X") == 1
    assert "TIN exists already" in capsys.readouterr().err
    assert await _cli("org", "add", "Leaky", "--tin", "111111111", "--place", "X", "--gateway", "xtrace",
                      "--key-env", "sk-live-abc123") == 1
    assert "environment variable" in capsys.readouterr().err
    assert await _cli("org", "add", "Short", "--tin", "12345", "--place", "X") == 1
    assert [(o.name, o.gateway, o.api_key_env) for o in await list_orgs(db)] == [
        ("City Hospital 7", "xtrace", "XTRACE_KEY_H7"), ("Rural clinic", "file", None)]
    capsys.readouterr()
    assert await _cli("org", "list") == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[1].split("\t") == ["1", "123456789", "BP-77", "xtrace", "XTRACE_KEY_H7", "Tashkent",
                                      "City Hospital 7"]

    assert await _cli("grant", "42", "institution", "1") == 0
    assert "user 42: citizen -> institution of organisation 1" in capsys.readouterr().out
    assert await staff_organisation(db, 42) == await get_org(db, 1)
    assert await _cli("grant", "42", "institution", "2") == 0  # moved to another organisation
    assert (await staff_organisation(db, 42)).name == "Rural clinic"
    assert await _cli("grant", "43", "institution", "99") == 1
    assert "no organisation" in capsys.readouterr().err
    assert await _cli("grant", "1", "institution", "1") == 1
    assert "ADMIN_IDS" in capsys.readouterr().err
    assert await _cli("grant", "44", "institution") == 2
    # The other roles go the way `medcheck role grant` takes them, and leave the organisation behind.
    assert await _cli("grant", "42", "support") == 0
    assert await staff_organisation(db, 42) is None
    async with db.session() as session:
        assert (await session.get(User, 42)).role == "support"
        assert await session.get(User, 43) is None
