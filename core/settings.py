"""Settings from the environment and an optional `.env`, validated once at start-up."""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from core.languages import LANGUAGES

TELEGRAM_API_BASE = "https://api.telegram.org"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    database_url: str = "sqlite+aiosqlite:///./var/medcheck.db"
    bot_api_base: str = TELEGRAM_API_BASE
    redis_url: str | None = None
    redis_key_prefix: str = "fsm"  # several bots (or test runs) can share one Redis under different prefixes
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    support_chat_id: int | None = None
    default_language: str = "ru"
    log_level: str = "INFO"
    log_hash_key: SecretStr | None = None  # keys the user-id hash in logs; default: derived from BOT_TOKEN

    # Webhook mode (`medcheck webhook`).
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(8080, ge=1, le=65535)
    health_port: int = Field(8081, ge=0, le=65535)  # 0 switches the health endpoint off

    # The Mini App (live scanning, bot/webapp.py): the public https address in front of the webhook server
    # (or of HEALTH_PORT when polling); unset, nothing offers it. Its page proves who opens it with
    # Telegram's signed initData, refused once older than this many seconds.
    webapp_url: str | None = None
    webapp_init_data_max_age_s: int = Field(3600, ge=60)

    # Decoding and flood control.
    decode_workers: int = Field(0, ge=0, le=64)  # 0 means one per CPU
    decode_deadline_s: float = Field(3.0, gt=0, le=55)  # well under Telegram's 60 s webhook limit
    decode_queue: int = Field(32, ge=1)
    # Downloads from Telegram (bot.downloads): files at once, and MB downloading or awaiting their decoder.
    downloads_at_once: int = Field(4, ge=1)
    download_mb_in_flight: int = Field(60, ge=20)  # at least one file of Telegram's 20 MB
    # A burst (an album, a few big files) queues briefly so everyone gets their answer; past that, "busy" beats silence.
    download_wait_s: float = Field(10.0, ge=0, le=50)
    # A citizen at a shelf photographs pack after pack (one every few seconds; an album counts once) and a
    # complaint is about eight messages: 30 in any minute, all at once if they like, never stops them,
    # while a script gets at most 30 answers a minute.
    user_rate_per_minute: int = Field(30, ge=1)

    # Demo register loaded into an empty embedded database on first run.
    load_demo: bool = True
    sync_config: Path | None = None
    # Register data older than this many days cannot vouch for "not on record": such checks say "cannot check".
    register_max_age_days: int = Field(7, ge=1)
    # Per source kind, as JSON: {"code-status": 2, "uz-prices": 30} ("code_status" is accepted too).
    register_max_age_days_by_source: Annotated[dict[str, int], NoDecode] = Field(default_factory=dict)
    # A pharmacy's stock report older than this many days is not shown as "in stock" (pharmacies/nearby.py).
    stock_max_age_days: int = Field(3, ge=1)
    receipt_retention_days: int = Field(365, ge=1)
    complaint_draft_ttl_minutes: int = Field(30, ge=1)  # an unfinished complaint is dropped after this long untouched
    broadcast_rate: float = Field(25.0, gt=0)
    send_rate: float = Field(29.0, gt=0)  # messages a second for the whole bot (any second holds 30 at most)
    broadcast_max_in_flight: int = Field(32, ge=1, le=256)  # 1: a crash repeats at most one notice, whatever the rate
    # Urgent recalls go by Telegram's paid broadcast (up to 1000 messages a second, 0.1 Star each): the most
    # Stars one recall may spend (0: operators cannot mark a recall urgent), and the paid rate, below 1000
    # so that the free 30 a second stay for answers.
    paid_broadcast_max_stars: int = Field(0, ge=0)
    paid_broadcast_rate: float = Field(900.0, gt=0, le=1000)
    # Withdrawal documents of medical institutions (institutions/): the xTrace Open API's address (unset: no
    # organisation can send by API), its reason codes as JSON {"medical_use": ["TYPE", "REASON"]} over the
    # defaults in institutions/gateway.py, and a signing service (an E-IMZO server) or none.
    xtrace_base_url: str | None = None
    xtrace_reason_codes: Annotated[dict[str, tuple[str, str]], NoDecode] = Field(default_factory=dict)
    xtrace_timeout_s: float = Field(30.0, gt=0, le=120)  # a step must end within the outbox's lease
    withdrawal_signer_url: str | None = None
    # Alerts to operators (alerts/): one code checked by this many different people within this many days
    # is a clone; a pack withdrawn by a medical institution and checked again is a leak, raised once per
    # code per LEAK_ALERT_DAYS.
    clone_alert_users: int = Field(3, ge=2)
    clone_alert_days: int = Field(7, ge=1)
    leak_alert_days: int = Field(7, ge=1)
    # Reminders before a checked pack expires: how many days before (comma-separated), at 10:00 the user's time.
    reminder_days: Annotated[tuple[int, ...], NoDecode] = (30, 7, 1)
    # Last week's /stats to every operator on Monday morning (stats/digest.py).
    weekly_digest: bool = True

    @field_validator("webapp_url")
    @classmethod
    def _https_base(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith("https://"):
            raise ValueError("must be an https:// address (Telegram opens Mini Apps over https only)")
        return value.rstrip("/")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(",", " ").split())
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("reminder_days", mode="before")
    @classmethod
    def _split_days(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return tuple(int(part) for part in value.replace(",", " ").split())
            except ValueError:
                raise ValueError("must be whole days, like 30,7,1") from None
        return value

    @field_validator("reminder_days")
    @classmethod
    def _lead_days(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or any(days < 0 or days > 365 for days in value):
            raise ValueError("must be one or more whole days between 0 and 365, like 30,7,1")
        return tuple(sorted(set(value), reverse=True))

    @field_validator("register_max_age_days_by_source", mode="before")
    @classmethod
    def _json_object(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return json.loads(value or "{}")
            except ValueError:
                raise ValueError('must be a JSON object like {"code-status": 2}') from None
        return value

    @field_validator("register_max_age_days_by_source")
    @classmethod
    def _positive_ages(cls, value: dict[str, int]) -> dict[str, int]:
        # "code_status" and "code-status" are the same source; the register checks the kind names.
        days = {name.strip().lower().replace("_", "-"): age for name, age in value.items()}
        if any(age < 1 for age in days.values()):
            raise ValueError("every age must be at least 1 day")
        return days

    @field_validator("xtrace_reason_codes", mode="before")
    @classmethod
    def _reason_pairs(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return json.loads(value or "{}")
            except ValueError:
                raise ValueError('must be a JSON object like {"medical_use": ["TYPE", "REASON"]}') from None
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None  # `BOT_TOKEN=` means unset
        # aiogram's own rule (importing aiogram here would slow every command down by seconds).
        if not re.fullmatch(r"\d+:\S+", value.get_secret_value()):  # the message never repeats a secret
            raise ValueError("not a token; set it to the one @BotFather gave you, like 123456789:AAH...")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None  # `WEBHOOK_SECRET=` means unset: one is generated at start
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("Telegram accepts 1-256 characters: letters, digits, _ and -")
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
