"""Settings from the environment and an optional `.env`, validated once at start-up."""
from __future__ import annotations

import logging
from typing import Annotated
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


LANGUAGES = ("uz", "ru", "ky", "en")
TELEGRAM_API_BASE = "https://api.telegram.org"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    database_url: str = "sqlite+aiosqlite:///./var/medcheck.db"
    bot_api_base: str = TELEGRAM_API_BASE
    redis_url: str | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    support_chat_id: int | None = None
    default_language: str = "ru"
    log_level: str = "INFO"

    # Webhook mode (`medcheck webhook`).
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(8080, ge=1, le=65535)
    health_port: int = Field(8081, ge=0, le=65535)  # 0 switches the health endpoint off

    # Decoding and flood control.
    decode_workers: int = Field(0, ge=0, le=64)  # 0 means one per CPU
    decode_deadline_s: float = Field(3.0, gt=0, le=55)  # well under Telegram's 60 s webhook limit
    decode_queue: int = Field(32, ge=1)
    user_rate_per_minute: int = Field(20, ge=1)

    # Demo register loaded into an empty embedded database on first run.
    load_demo: bool = True
    sync_config: Path | None = None
    receipt_retention_days: int = Field(365, ge=1)
    broadcast_rate: float = Field(25.0, gt=0)
    send_rate: float = Field(29.0, gt=0)  # messages a second for the whole bot (any second holds 30 at most)
    broadcast_max_in_flight: int = Field(32, ge=1, le=256)  # 1: a crash repeats at most one notice, whatever the rate

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(",", " ").split())
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        value = value.upper()
        if value not in logging.getLevelNamesMapping():
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        # Accept the plain URLs operators copy from their hosting panel.
        for plain, driver in (("postgres://", "postgresql+asyncpg://"),
                              ("postgresql://", "postgresql+asyncpg://"),
                              ("sqlite://", "sqlite+aiosqlite://")):
            if value.startswith(plain):
                return driver + value[len(plain):]
        if not value.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


class SettingsError(SystemExit):
    """Start-up stops with one line naming the bad setting and why."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        raise SettingsError(f"medcheck: bad setting {name}: {first['msg']}") from None
