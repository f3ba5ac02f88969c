"""Start-up and command-line mistakes end in one line saying what is wrong and what to set, never a traceback.

The bot is started as an operator starts it (`python -m bot ...` in a process of its own) against the
local Bot API server, a port nobody listens on, or a port somebody else holds.
"""
from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import PACKS, REPO

TODAY = "2026-11-21"


def environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("BOT_TOKEN", "BOT_API_BASE", "WEBHOOK_URL", "WEBHOOK_SECRET", "HEALTH_PORT")}
    env.update(PYTHONPATH=str(REPO), DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", LOAD_DEMO="false",
               DECODE_WORKERS="1", HEALTH_PORT="0", LOG_LEVEL="WARNING")
    env.update(settings)
    return env


async def medcheck(tmp_path: Path, *args: str, **settings: str) -> tuple[int, str]:
    """Run `python -m bot ARGS` to its end; returns the exit code and what it wrote to stderr."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=tmp_path, env=environment(tmp_path, **settings),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        _out, err = await asyncio.wait_for(proc.communicate(), 120)
    except asyncio.TimeoutError:
        proc.kill()
        raise
    return proc.returncode, err.decode()


LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ ")  # the log's own lines, e.g. register warnings


def one_line(err: str) -> str:
    """The error itself is one line (log lines written before it may stand above it); never a traceback."""
    assert "Traceback" not in err, err
    lines = [line for line in err.strip().splitlines() if not LOG_LINE.match(line)]
    assert len(lines) == 1, err
    return lines[0]


async def test_a_malformed_token(tmp_path):
    code, err = await medcheck(tmp_path, "run", BOT_TOKEN="garbage token value")
    line = one_line(err)
    assert code != 0 and "BOT_TOKEN" in line and "@BotFather" in line
    assert "garbage" not in line  # a secret is never echoed, not even a wrong one


@pytest.mark.parametrize("command", ["run", "webhook"])
async def test_a_token_telegram_refuses(tmp_path, botapi, command):
    code, err = await medcheck(tmp_path, command, BOT_TOKEN="123456789:revoked-token", BOT_API_BASE=botapi.base_url,
                               WEBHOOK_URL="https://bot.example", WEBHOOK_SECRET="s3cret")
    line = one_line(err)
    assert code != 0 and "BOT_TOKEN" in line and "401" in line and "revoked-token" not in line


@pytest.mark.parametrize("command", ["run", "webhook"])
async def test_an_unreachable_bot_api(tmp_path, unused_tcp_port, command):
    base = f"http://127.0.0.1:{unused_tcp_port}"
    code, err = await medcheck(tmp_path, command, BOT_TOKEN="123456789:TEST-medcheck-token", BOT_API_BASE=base,
                               WEBHOOK_URL="https://bot.example", WEBHOOK_SECRET="s3cret")
    line = one_line(err)
    assert code != 0 and "BOT_API_BASE" in line and base in line


@pytest.mark.parametrize(("command", "setting"), [("run", "HEALTH_PORT"), ("webhook", "WEBHOOK_PORT")])
async def test_a_busy_port(tmp_path, botapi, command, setting):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        code, err = await medcheck(tmp_path, command, BOT_TOKEN=botapi.token, BOT_API_BASE=botapi.base_url,
                                   WEBHOOK_URL="http://127.0.0.1:9", WEBHOOK_SECRET="s3cret", **{setting: port})
    line = one_line(err)
    assert code != 0 and setting in line and port in line


def test_the_no_token_hint_names_the_command_that_was_run(tmp_path):
    script = Path(sys.executable).with_name("medcheck")
    if not script.exists():
        pytest.skip("medcheck is not installed next to this Python")
    env = environment(tmp_path)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if Path(p) != script.parent)
    done = subprocess.run([str(script), "run"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"  {script} verify path/to/photo.jpg" in done.stderr
    done = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert "  python -m bot verify path/to/photo.jpg" in done.stderr


# ----------------------------------------------------------------------------- the tools' exit codes

@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """Run `medcheck ARGS` in-process; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_decode_of_a_file_that_is_no_image_fails(cli):
    code, out, _ = cli("decode", str(REPO / "README.md"))
    assert code == 2 and "not_an_image" in out
    code, out, _ = cli("decode", str(PACKS / "photos" / "nocode_0.jpg"))
    assert code == 1 and "no code" in out
    code, out, _ = cli("decode", str(PACKS / "photos" / "pack_002.jpg"), str(REPO / "README.md"))
    assert code == 2 and "datamatrix" in out.lower()


@pytest.mark.parametrize("args", [("verify", "--json", "--today", TODAY, str(PACKS / "photos" / "pack_002.jpg")),
                                  ("decode", "--json", str(PACKS / "photos" / "pack_002.jpg"))])
def test_output_into_a_closed_pipe_ends_quietly(tmp_path, args):
    # `medcheck verify --json photo.jpg | head -0`: the reader is gone before the first line is written.
    proc = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=tmp_path, env=environment(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err, err


def test_import_help_says_which_file_goes_with_which_kind(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = capsys.readouterr().out
    for kind, words in {"uz-register": "DataTables", "uz-certificates": "certificates", "uz-prices": "prices",
                        "ru-znvlp": "xlsx", "gtin-catalogue": "gtin_catalogue.csv",
                        "registrations": "registrations.csv", "code-status": "code_status.csv",
                        "recalls": "recalls.csv"}.items():
        line = next((line for line in text.splitlines() if line.strip().startswith(kind + " ")), "")
        assert words in line, (kind, text)
    from register.importers import KINDS  # a kind added to the registry is listed without another edit
    for kind in KINDS:
        assert any(line.strip().startswith(kind + " ") for line in text.splitlines()), (kind, text)
