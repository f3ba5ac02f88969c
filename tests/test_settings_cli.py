"""Start-up: settings validation, the command line and its misuse."""
import subprocess
import sys

import pytest

from bot.cli import build_parser, main
from core.settings import SettingsError, load_settings

COMMANDS = ("run", "webhook", "migrate", "import", "sync", "decode", "verify")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("BOT_TOKEN", "DATABASE_URL", "ADMIN_IDS", "LOG_LEVEL", "DEFAULT_LANGUAGE", "SUPPORT_CHAT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env is read


def test_defaults_are_the_embedded_ones():
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///./var/medcheck.db"
    assert settings.bot_api_base == "https://api.telegram.org"
    assert settings.bot_token is None and settings.admin_ids == frozenset()


def test_environment_and_dotenv(monkeypatch, tmp_path):
    (tmp_path / ".env").write_text("BOT_TOKEN=123:abc\nADMIN_IDS=5, 7\n")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    settings = load_settings()
    assert settings.bot_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(settings)  # the token never reaches a log line
    assert settings.admin_ids == {5, 7}
    assert settings.database_url == "postgresql+asyncpg://u@h/db"


@pytest.mark.parametrize("name, value, words", [
    ("LOG_LEVEL", "loud", "LOG_LEVEL"),
    ("DEFAULT_LANGUAGE", "fr", "DEFAULT_LANGUAGE"),
    ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
    ("ADMIN_IDS", "1,two", "ADMIN_IDS"),
    ("SUPPORT_CHAT_ID", "chat", "SUPPORT_CHAT_ID"),
    ("PAID_BROADCAST_RATE", "1500", "PAID_BROADCAST_RATE"),    # above Telegram's 1000 a second
    ("PAID_BROADCAST_MAX_STARS", "-5", "PAID_BROADCAST_MAX_STARS"),
])
def test_a_bad_value_stops_with_one_line(monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert words in message and "\n" not in message


def test_help_lists_every_subcommand():
    text = build_parser().format_help()
    for command in COMMANDS:
        assert command in text


def test_misuse_is_explained(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["import", "no-such-kind", "file.csv"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_run_without_token_explains_what_to_do():
    done = subprocess.run([sys.executable, "-m", "bot", "run"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "BotFather" in done.stderr
    assert "python -m bot verify" in done.stderr  # the hint names the command as it was run


def test_migrate_creates_the_embedded_database(tmp_path, capsys):
    assert main(["migrate"]) == 0
    assert (tmp_path / "var" / "medcheck.db").exists()
    assert "revision" in capsys.readouterr().out
