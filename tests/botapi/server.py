"""A local Telegram Bot API server for tests and benchmarks (a test double, not a mock).

``BotAPIServer`` is an aiohttp application on 127.0.0.1 that speaks the Bot API over real HTTP, so
the real bot runs unchanged through aiogram's real client::

    async with BotAPIServer() as server:
        bot = Bot(server.token, session=server.aiogram_session())
        server.send_text(42, "/start")            # the "user side": enqueue an Update
        [reply] = await server.wait_for(42)       # the bot answered in chat 42
        assert "Welcome" in reply.text

It is faithful to Telegram on the points the bot relies on, and only on those:

* URLs ``{base}/bot{token}/{method}`` (method names case-insensitive) and
  ``{base}/file/bot{token}/{file_path}``; form-data, multipart (``attach://`` uploads), urlencoded,
  query-string or JSON parameters; JSON-serialised fields arrive as JSON strings.
* Answers ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code", "description"[,
  "parameters"]}`` with Telegram's status codes and wording: 401 unknown token, 404 unknown method,
  400 missing required parameter (required flags come from the Bot API spec JSON), text > 4096 /
  caption > 1024 (counted in UTF-16 units, the stricter reading), callback_data > 64 bytes,
  unparsable HTML, "message is not modified", unknown message/query/file ids, 409 for
  getUpdates while a webhook is set or when a newer getUpdates supersedes a waiting one, 429 with
  ``retry_after`` from the configurable flood limits, 403 for blocked users. A message sent with
  ``allow_paid_broadcast`` counts against the paid limit (``paid_limit``, Telegram's 1000 a second)
  instead of the global one, and is tallied in ``paid_messages`` (0.1 Star each on Telegram); with
  ``stars_balance`` set, the bot's Stars run out and a paid message is refused with 400
  ``Bad Request: BALANCE_TOO_LOW`` (Telegram's error for too few Stars; its wording here is assumed).
* parse_mode is applied: ``result.text`` is the plain text plus ``entities`` (the recorded
  ``params`` keep what the bot sent). Editing text without ``reply_markup`` removes the inline
  keyboard, as on Telegram. Only inline keyboards are echoed in ``Message.reply_markup``.
* Message ids are per chat and shared by both sides; photos get Telegram-like PhotoSize lists
  (thumbnails 90/320/800/1280 generated lazily with Pillow; the largest size is the original bytes).
* File downloads are counted: ``server.downloads`` holds those in progress (files, bytes) and the
  most at once; ``download_delay`` makes each take that long, so that concurrent ones overlap.
* Real long polling (offset confirms, limit, timeout) and real webhooks: updates are POSTed as JSON
  with ``X-Telegram-Bot-Api-Secret-Token``, in order per chat and in parallel across chats (up to
  max_connections), retried a bounded number of times.

Deliberate differences: any chat id is reachable unless ``strict_chats=True``; http webhook URLs
are accepted unless ``require_https_webhook=True``. Not emulated, answering 501 Not Implemented:
parse_mode Markdown/MarkdownV2, file URLs, inline messages, methods in webhook replies, non-photo/
document albums and every method without a handler here (those returning Boolean answer True). Use it from the event
loop that runs it (the user-side methods are synchronous and not thread-safe).
"""
from __future__ import annotations

import asyncio
import copy
import inspect
import io
import itertools
import json
import math
import mimetypes
import os
import re
import secrets
import socket
import time
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from aiohttp import ClientError, ClientSession, ClientTimeout, web

try:
    from PIL import Image
except ImportError:  # pragma: no cover - Pillow is a project dependency
    Image = None

DEFAULT_TOKEN = "123456789:TEST-medcheck-token"
MB = 1024 * 1024
_SPEC_CANDIDATES = (
    os.environ.get("TELEGRAM_BOT_API_SPEC", ""),
    str(Path(__file__).with_name("telegram_bot_api_spec.min.json")),
)
_SCALAR = {"String": "str", "Integer": "int", "Float": "float", "Boolean": "bool"}
_MISSING = {"chat_id": "chat_id is empty", "text": "message text is empty",
            "photo": "there is no photo in the request", "document": "there is no document in the request"}
_NOT_REQUIRED = {("setwebhook", "url")}  # aiogram drops "" values; Telegram treats no url as delete
_JSON_ERRORS = {"reply_markup": "reply keyboard markup", "entities": "entities",
                "caption_entities": "entities", "media": "media"}
_BUTTON_ACTIONS = ("url", "callback_data", "web_app", "login_url", "switch_inline_query",
                   "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
                   "copy_text", "callback_game", "pay")
_CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
                 "upload_document", "choose_sticker", "find_location", "record_video_note",
                 "upload_video_note"}
_CONTENT_KEYS = ("text", "entities", "photo", "document", "caption", "caption_entities", "contact",
                 "location", "venue", "sticker", "video", "audio", "voice", "animation", "media_group_id")
_DEFAULT_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})  # excluded
_READ_ONLY = {"getChat", "getChatMember", "getChatAdministrators", "getChatMemberCount", "getChatMenuButton"}
_NOT_MODIFIED = ("Bad Request: message is not modified: specified new message content and reply "
                 "markup are exactly the same as a current content and reply markup of the message")


def is_message_method(method: str) -> bool:
    """True for methods that post messages (those are rate-limited and awaited by wait_for)."""
    return (method.startswith("send") and method != "sendChatAction") or method in (
        "copyMessage", "copyMessages", "forwardMessage", "forwardMessages")


_spec_cache: dict[str, dict] = {}


def load_spec(path: str | None = None) -> dict:
    """The Bot API spec as {lowercased method name: {"name", "returns", "fields": {name: (kind, required)}}}."""
    candidates = [path] if path else [p for p in _SPEC_CANDIDATES if p]
    for candidate in candidates:
        if candidate in _spec_cache:
            return _spec_cache[candidate]
        if Path(candidate).is_file():
            raw = json.loads(Path(candidate).read_text(encoding="utf-8"))
            methods = {}
            for name, m in raw["methods"].items():
                fields = {}
                for f in m.get("fields", []):
                    types = f["types"]
                    kind = ("file" if "InputFile" in types else "chat" if set(types) == {"Integer", "String"}
                            else _SCALAR.get(types[0], "json") if len(types) == 1 else
                            "float" if set(types) <= {"Float", "Integer"} else "json")
                    fields[f["name"]] = (kind, f["required"] and (name.lower(), f["name"]) not in _NOT_REQUIRED)
                methods[name.lower()] = {"name": name, "returns": m.get("returns", []), "fields": fields}
            _spec_cache[candidate] = methods
            return methods
    raise FileNotFoundError(f"Bot API spec JSON not found (set TELEGRAM_BOT_API_SPEC); tried {candidates}")


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after

    def body(self) -> dict:
        body = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def _web_app_url(web_app: Any) -> None:
    """Telegram opens Mini Apps over https only."""
    url = web_app.get("url") if isinstance(web_app, dict) else None
    if not isinstance(url, str) or not url.startswith("https://"):
        raise _bad(f"Web App URL '{url}' is invalid: Only HTTPS links are allowed")


def _bad(description: str) -> ApiError:
    return ApiError(400, "Bad Request: " + description)


@dataclass(eq=False)
class Call:
    """One request the bot made (``params`` parsed: JSON fields decoded, integers/booleans converted)."""
    method: str
    params: dict
    result: Any = None
    ok: bool = True
    error_code: int | None = None
    description: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # uploaded multipart parts by part name
    via: str = "http"  # or "webhook-reply"
    at: float = field(default_factory=time.monotonic)
    consumed: bool = field(default=False, repr=False)

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")

    @property
    def messages(self) -> list[dict]:
        if isinstance(self.result, dict) and "message_id" in self.result and "chat" in self.result:
            return [self.result]
        return [m for m in self.result if isinstance(m, dict)] if isinstance(self.result, list) else []

    @property
    def message(self) -> dict | None:
        return (self.messages or [None])[0]

    @property
    def text(self) -> str | None:
        """Text or caption as the user sees it (entities parsed), else the raw parameter."""
        for m in self.messages:
            if m.get("text") or m.get("caption"):
                return m.get("text") or m.get("caption")
        return self.params.get("text") or self.params.get("caption")


class FileRef(NamedTuple):
    file_id: str
    file_unique_id: str


@dataclass
class _Upload:
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(eq=False)
class _File:
    file_id: str
    file_unique_id: str
    kind: str
    file_path: str
    raw: bytes | None = None
    factory: Callable[[], bytes] | None = None
    size: int | None = None
    file_name: str | None = None
    mime_type: str | None = None
    sizes: list | None = None  # the PhotoSize list a photo belongs to

    @property
    def data(self) -> bytes:
        if self.raw is None and self.factory is not None:
            self.raw, self.factory = self.factory(), None
        return self.raw or b""

    @property
    def file_size(self) -> int:
        return self.size if self.size is not None else len(self.data)


@dataclass
class DownloadCount:
    """File downloads in progress (files and their bytes) and the most there were at once."""
    files: int = 0
    bytes: int = 0
    peak_files: int = 0
    peak_bytes: int = 0

    @contextmanager
    def counting(self, size: int) -> Iterator[None]:
        self.files, self.bytes = self.files + 1, self.bytes + size
        self.peak_files, self.peak_bytes = max(self.peak_files, self.files), max(self.peak_bytes, self.bytes)
        try:
            yield
        finally:
            self.files, self.bytes = self.files - 1, self.bytes - size


class _Pulse:
    """Wake every waiter when something changes (usable from synchronous code on the loop)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait(self, timeout: float | None) -> None:
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except asyncio.TimeoutError:
            pass


class _Window:
    """Sliding-window counter: at most ``limit`` hits per ``window`` seconds."""

    def __init__(self, limit: int, window: float):
        self.limit, self.window, self.hits = limit, window, deque()

    def wait(self, now: float, weight: int) -> float:
        while self.hits and self.hits[0] <= now - self.window:
            self.hits.popleft()
        if not self.hits or len(self.hits) + weight <= self.limit:
            return 0.0
        return max(self.hits[0] + self.window - now, 1e-3)

    def add(self, now: float, weight: int) -> None:
        self.hits.extend([now] * weight)


# ----------------------------------------------------------------------------- text formatting

def _u16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _entity_error(src: str, msg: str, index: int | None = None) -> ApiError:
    if index is not None:
        msg = msg.replace("{at}", f"byte offset {len(src[:index].encode())}")
    return _bad("can't parse entities: " + msg)


_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][\w-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*>")
_ATTR_RE = re.compile(r"([a-zA-Z][\w-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_CHARREF_RE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);")
_HTML_TAGS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
              "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
              "tg-spoiler": "spoiler", "span": "spoiler", "code": "code", "pre": "pre", "a": "text_link",
              "blockquote": "blockquote", "tg-emoji": "custom_emoji"}


def parse_html(src: str) -> tuple[str, list[dict]]:
    out, entities, stack, n16, i = [], [], [], 0, 0
    while i < len(src):
        j = min((k for k in (src.find("<", i), src.find("&", i)) if k >= 0), default=len(src))
        if j > i:
            out.append(src[i:j])
            n16 += _u16(src[i:j])
            i = j
            continue
        if src[i] == "&":
            m = _CHARREF_RE.match(src, i)
            name = m.group(1) if m else ""
            char = ({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}.get(name) if not name.startswith("#")
                    else chr(int(name[2:], 16)) if name[1:2] in "xX" else chr(int(name[1:])))
            char, i = (char, m.end()) if m and char else ("&", i + 1)
            out.append(char)
            n16 += _u16(char)
            continue
        m = _TAG_RE.match(src, i)
        if not m:
            raise _entity_error(src, 'Unsupported start tag "" at {at}', i)
        tag = m.group(2).lower()
        if m.group(1):
            if not stack:
                raise _entity_error(src, "Unexpected end tag at {at}", i)
            open_tag, entity = stack.pop()
            if open_tag != tag:
                raise _entity_error(src, f'Unmatched end tag at {{at}}, expected "</{open_tag}>", found "</{tag}>"', i)
            if entity is not None and n16 > entity["offset"]:
                entities.append({**entity, "length": n16 - entity["offset"]})
        else:
            attrs = {k.lower(): (v[1:-1] if v[:1] in "\"'" else v) for k, v in _ATTR_RE.findall(m.group(3))}
            if tag not in _HTML_TAGS or (tag == "span" and attrs.get("class") != "tg-spoiler"):
                raise _entity_error(src, f'Unsupported start tag "{tag}" at {{at}}', i)
            entity: dict | None = {"type": _HTML_TAGS[tag], "offset": n16}
            if tag == "a":
                entity = {**entity, "url": parse_html(attrs["href"])[0]} if attrs.get("href") else None
            elif tag == "blockquote" and "expandable" in attrs:
                entity["type"] = "expandable_blockquote"
            elif tag == "tg-emoji":
                entity["custom_emoji_id"] = attrs.get("emoji-id", "")
            elif tag == "code" and stack and stack[-1][0] == "pre" and attrs.get("class", "").startswith("language-"):
                stack[-1][1]["language"], entity = attrs["class"][9:], None
            stack.append((tag, entity))
        i = m.end()
    if stack:
        raise _entity_error(src, f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(out), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def format_text(text: str, parse_mode: str | None, entities: Any, *, limit: int, caption: bool) -> tuple[str, list]:
    """Apply parse_mode/entities like Telegram, strip surrounding whitespace and check the length."""
    if entities is not None:
        if not isinstance(entities, list):
            raise _bad("can't parse entities JSON object")
    elif parse_mode:
        if parse_mode.lower() in ("markdown", "markdownv2"):
            raise ApiError(501, "Not Implemented: only parse_mode HTML is emulated (the bot uses HTML)")
        if parse_mode.lower() != "html":
            raise _bad("unsupported parse_mode")
        text, entities = parse_html(text)
    entities = list(entities or [])
    stripped = text.strip()
    if stripped != text:
        lead, size = _u16(text[:len(text) - len(text.lstrip())]), _u16(stripped)
        clipped = []
        for e in entities:
            start, end = max(0, e["offset"] - lead), min(size, e["offset"] + e["length"] - lead)
            if end > start:
                clipped.append({**e, "offset": start, "length": end - start})
        text, entities = stripped, clipped
    if not text and not caption:
        raise _bad("message text is empty")
    if _u16(text) > limit:
        raise _bad("message caption is too long" if caption else "message is too long")
    return text, entities


def _detect_commands(text: str) -> list[dict]:
    return [{"type": "bot_command", "offset": _u16(text[:m.start()]), "length": _u16(m.group())}
            for m in re.finditer(r"(?<![\w/])/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?", text)]


def _thumbnail(data: bytes, limit: int) -> bytes:
    img = Image.open(io.BytesIO(data))
    img.draft("RGB", (limit, limit))
    img = img.convert("RGB")
    img.thumbnail((limit, limit))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


# ----------------------------------------------------------------------------- the server

class BotAPIServer:
    def __init__(self, token: str = DEFAULT_TOKEN, *, tokens: Iterable[str] = (), host: str = "127.0.0.1",
                 port: int = 0, bot_username: str = "medcheck_test_bot", bot_name: str = "MedCheck Test",
                 global_limit: int | None = None, global_window: float = 1.0,
                 paid_limit: int | None = None, paid_window: float = 1.0, stars_balance: float | None = None,
                 chat_limit: int | None = None, chat_window: float = 1.0,
                 group_limit: int | None = None, group_window: float = 60.0, retry_after: int | None = None,
                 strict_chats: bool = False, require_https_webhook: bool = False,
                 webhook_retries: int = 3, webhook_retry_delay: float = 0.2, webhook_timeout: float = 10.0,
                 photo_thumbnails: bool = True, max_download_size: int = 20 * MB, spec_path: str | None = None,
                 latency: float = 0.0, download_delay: float = 0.0):
        self.token, self.host, self.port = token, host, port
        self.latency = latency  # seconds a call takes on the wire: half before it acts, half after
        self.download_delay = download_delay  # seconds a file download takes (so that downloads overlap)
        self.tokens = {token, *tokens}
        self.spec = load_spec(spec_path)
        bot_id = int(token.split(":")[0]) if token.split(":")[0].isdigit() else 100000
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": bot_name, "username": bot_username}
        self.chat_limit, self.chat_window, self.group_limit, self.group_window = chat_limit, chat_window, group_limit, group_window
        self._global_window = _Window(global_limit, global_window) if global_limit else None
        self._paid_window = _Window(paid_limit, paid_window) if paid_limit else None
        self._chat_windows: dict[int, _Window] = {}
        self.retry_after, self.strict_chats, self.require_https_webhook = retry_after, strict_chats, require_https_webhook
        self.webhook_retries, self.webhook_retry_delay, self.webhook_timeout = webhook_retries, webhook_retry_delay, webhook_timeout
        self.photo_thumbnails, self.max_download_size = photo_thumbnails, max_download_size
        # recording
        self.calls: list[Call] = []           # every request, failures and getUpdates included
        self.sent: list[Call] = []            # successful calls except getUpdates
        self.method_counts: Counter = Counter()
        self.rate_limited = 0                 # number of 429 answers produced by the flood limits
        self.paid_messages = 0                # messages accepted with allow_paid_broadcast
        # The bot's Stars, in tenths (what one paid message costs); None: never runs out.
        self.stars_tenths = None if stars_balance is None else round(stars_balance * 10)
        self.callback_answers: dict[str, dict] = {}
        self.commands: dict[tuple[str, str], list] = {}
        self.menu_buttons: dict[int | None, dict] = {}  # setChatMenuButton: chat id (None: the default) -> button
        self.webhook_deliveries: list[tuple[int, int | str]] = []  # (update_id, HTTP status or error)
        self.downloads = DownloadCount()      # file downloads in progress now, and the most at once
        # state
        self._users: dict[int, dict] = {}
        self._chats: dict[int, dict] = {}
        self._messages: dict[tuple[int, int], dict] = {}
        self._next_mid: dict[int, int] = {}
        self._files: dict[str, _File] = {}
        self._paths: dict[str, _File] = {}
        self._topics: dict[tuple[int, int], dict] = {}
        self._queries: dict[str, dict] = {}
        self._blocked: set[int] = set()
        self._unreachable: set[int] = set()
        self._faults: list[list] = []
        self._hold: Callable[[str, dict], bool] | None = None
        self._released = asyncio.Event()
        self.held: list[tuple[str, dict]] = []  # (method, params) of calls that waited in hold()
        self._updates: dict[int, dict] = {}
        self._update_ids = itertools.count(10001)
        self._seq = itertools.count(1)
        self._allowed: set[str] | None = None
        self._poll_gen = 0
        self._webhook: dict | None = None
        self._webhook_error: tuple[int, str] | None = None
        self._webhook_tasks: list[asyncio.Task] = []
        self._inflight: set = set()
        self._updates_pulse, self._sent_pulse = _Pulse(), _Pulse()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None

    # ------------------------------------------------------------------ lifecycle
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> "BotAPIServer":
        app = web.Application(client_max_size=60 * MB)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=0.5, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._client = ClientSession()
        self._closing = False
        return self

    async def stop(self) -> None:
        self._closing = True
        self._updates_pulse.fire()
        await self._stop_webhook_workers()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = self._client = None

    async def __aenter__(self) -> "BotAPIServer":
        return await self.start()

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()

    def telegram_api_server(self):
        from aiogram.client.telegram import TelegramAPIServer
        return TelegramAPIServer.from_base(self.base_url)

    def aiogram_session(self, **kwargs: Any):
        from aiogram.client.session.aiohttp import AiohttpSession
        return AiohttpSession(api=self.telegram_api_server(), **kwargs)

    # ------------------------------------------------------------------ HTTP plumbing
    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] not in self.tokens:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        params, files = dict(request.query), {}
        if request.method == "POST" and request.content_type == "application/json":
            body = await request.json()
            params.update(body if isinstance(body, dict) else {})
        elif request.method == "POST":
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    files[key] = _Upload(value.filename, value.content_type, value.file.read())
                else:
                    params[key] = value
        if self._hold is not None and self._hold(request.match_info["method"].lower(), params):
            self.held.append((request.match_info["method"], params))
            await self._released.wait()
            if request.transport is None or request.transport.is_closing():
                raise ConnectionResetError("the client went away while its call was held")  # never acted
        if self.latency:
            await asyncio.sleep(self.latency / 2)
        status, body = await self._execute(request.match_info["method"], params, files)
        if self.latency:
            await asyncio.sleep(self.latency / 2)
        return web.json_response(body, status=status)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] not in self.tokens:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        f = self._paths.get(request.match_info["path"])
        if f is None:
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        with self.downloads.counting(f.file_size):
            if self.download_delay:
                await asyncio.sleep(self.download_delay)
            return web.Response(body=f.data, content_type=f.mime_type or "application/octet-stream")

    async def _execute(self, method: str, raw: dict, files: dict[str, _Upload], via: str = "http") -> tuple[int, dict]:
        spec = self.spec.get(method.lower())
        call = Call(method=spec["name"] if spec else method, params=dict(raw), via=via,
                    files={k: u.data for k, u in files.items()})
        self.method_counts[call.method] += 1
        try:
            if spec is None:
                raise ApiError(404, "Not Found: method not found")
            call.params = p = self._coerce(spec, raw, files)
            fault = self._take_fault(call.method, p)
            if fault is not None:
                raise fault
            for key in ("chat_id", "from_chat_id"):
                if key in p:
                    p[key] = self._check_access(p[key], write=key == "chat_id" and call.method not in _READ_ONLY)
            self._check_rate(call.method, p)
            handler = getattr(self, "_m_" + call.method, None)
            if handler is None:
                if spec["returns"] != ["Boolean"]:
                    raise ApiError(501, f"Not Implemented: {call.method} is not emulated by tests/botapi/server.py")
                result: Any = True
            else:
                result = handler(p, files)
                if inspect.isawaitable(result):
                    result = await result
        except ApiError as e:
            call.ok, call.error_code, call.description = False, e.code, e.description
            self._record(call)
            return e.code, e.body()
        call.result = copy.deepcopy(result)
        self._record(call)
        return 200, {"ok": True, "result": result}

    def _coerce(self, spec: dict, raw: dict, files: dict[str, _Upload]) -> dict:
        p: dict[str, Any] = {}
        for name, value in raw.items():
            kind = spec["fields"].get(name, ("str", False))[0]
            if isinstance(value, str):
                if kind == "json":
                    try:
                        value = json.loads(value)
                    except ValueError:
                        raise _bad(f"can't parse {_JSON_ERRORS.get(name, name)} JSON object") from None
                elif kind in ("int", "chat", "float") and re.fullmatch(r"\s*-?\d+(\.\d*)?\s*", value):
                    value = float(value) if kind == "float" or "." in value else int(value)
                elif kind in ("int", "float"):
                    raise _bad(f'field "{name}" must be of type {"Integer" if kind == "int" else "Float"}')
                elif kind == "bool":
                    value = value.strip().lower() in ("true", "1")
            p[name] = value
        for name, upload in files.items():
            if spec["fields"].get(name, ("",))[0] == "file" and not p.get(name):
                p[name] = upload
        for name, (kind, required) in spec["fields"].items():
            if required and p.get(name) in (None, ""):
                raise _bad(_MISSING.get(name, f'parameter "{name}" is required'))
        return p

    def _take_fault(self, method: str, p: dict) -> ApiError | None:
        for fault in self._faults:
            f_method, f_chat, error, _ = fault
            if f_method in ("*", method.lower()) and (f_chat is None or f_chat == _int(p.get("chat_id"))):
                fault[3] -= 1
                if fault[3] <= 0:
                    self._faults.remove(fault)
                return error
        return None

    def _check_access(self, value: Any, write: bool) -> int:
        cid = _int(value)
        if cid is None or cid in self._unreachable or (self.strict_chats and cid not in self._chats):
            raise _bad("chat not found")
        if write and cid in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return cid

    def _check_rate(self, method: str, p: dict) -> None:
        if not is_message_method(method):
            return
        weight = len(p["media"]) if method == "sendMediaGroup" and isinstance(p.get("media"), list) else 1
        paid = p.get("allow_paid_broadcast") is True
        if paid and self.stars_tenths is not None and self.stars_tenths < weight:
            raise _bad("BALANCE_TOO_LOW")
        shared = self._paid_window if paid else self._global_window
        windows = [shared] if shared else []
        cid = _int(p.get("chat_id"))
        limit, window = (self.chat_limit, self.chat_window) if (cid or 0) > 0 else (self.group_limit, self.group_window)
        if cid is not None and limit:
            windows.append(self._chat_windows.setdefault(cid, _Window(limit, window)))
        now = time.monotonic()
        wait = max((w.wait(now, weight) for w in windows), default=0.0)
        if wait > 0:
            self.rate_limited += 1
            retry = self.retry_after or max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)
        for w in windows:
            w.add(now, weight)
        if paid:
            self.paid_messages += weight
            if self.stars_tenths is not None:
                self.stars_tenths -= weight

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        if call.ok and call.method != "getUpdates":
            self.sent.append(call)
            self._sent_pulse.fire()

    # ------------------------------------------------------------------ state helpers
    def add_user(self, user_id: int, *, first_name: str | None = None, username: str | None = None,
                 language_code: str | None = None, last_name: str | None = None, is_premium: bool | None = None) -> dict:
        """Create or update a user (new users: first_name "User<id>", username "user<id>", language "en")."""
        user = self._users.setdefault(user_id, {"id": user_id, "is_bot": False, "first_name": f"User{user_id}",
                                                "username": f"user{user_id}", "language_code": "en"})
        for key, value in (("first_name", first_name), ("username", username), ("language_code", language_code),
                           ("last_name", last_name), ("is_premium", is_premium)):
            if value is not None:
                user[key] = value
        if user_id in self._chats:
            self._chats[user_id].update({k: user[k] for k in ("first_name", "username", "last_name") if k in user})
        return user

    def add_chat(self, chat_id: int, *, type: str | None = None, title: str | None = None,
                 username: str | None = None, is_forum: bool = False) -> dict:
        """Register a chat: positive ids are private chats, -100... supergroups, other negatives groups."""
        if chat_id > 0:
            user = self.add_user(chat_id)
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"], "username": user["username"]}
        else:
            kind = type or ("supergroup" if str(chat_id).startswith("-100") else "group")
            chat = {"id": chat_id, "type": kind, "title": title or f"Chat {chat_id}"}
            if username:
                chat["username"] = username
            if is_forum:
                chat["is_forum"] = True
        self._chats[chat_id] = chat
        return chat

    def _chat(self, chat_id: int) -> dict:
        return self._chats.get(chat_id) or self.add_chat(chat_id)

    def _new_message(self, chat: dict, sender: dict, content: dict, *, thread_id: int | None = None,
                     reply_to: dict | None = None, markup: dict | None = None) -> dict:
        mid = self._next_mid.get(chat["id"], 0) + 1
        self._next_mid[chat["id"]] = mid
        msg = {"message_id": mid, "from": dict(sender), "chat": chat, "date": int(time.time())}
        if thread_id:
            msg["message_thread_id"] = thread_id
            if chat.get("is_forum"):
                msg["is_topic_message"] = True
        if reply_to is not None:
            msg["reply_to_message"] = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
        msg.update({k: v for k, v in content.items() if v is not None})
        if markup:
            msg["reply_markup"] = markup
        self._messages[(chat["id"], mid)] = msg
        return msg

    def _find(self, chat_id: Any, message_id: Any, error: str) -> dict:
        msg = self._messages.get((_int(chat_id), _int(message_id)))
        if msg is None:
            raise _bad(error)
        return msg

    def _markup(self, markup: Any) -> dict | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return None  # reply keyboards are not echoed in Message.reply_markup
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise _bad("can't parse inline keyboard button: field \"inline_keyboard\" must be an Array of Arrays")
        for button in itertools.chain.from_iterable(rows):
            if not isinstance(button, dict) or not button.get("text"):
                raise _bad("can't parse inline keyboard button: Text must be non-empty")
            if not any(k in button for k in _BUTTON_ACTIONS):
                raise _bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            if "callback_data" in button and not 1 <= len(str(button["callback_data"]).encode()) <= 64:
                raise _bad("BUTTON_DATA_INVALID")
            if "web_app" in button:
                _web_app_url(button["web_app"])
        return {"inline_keyboard": rows}

    def _caption(self, p: dict) -> dict:
        if not p.get("caption"):
            return {}
        text, entities = format_text(p["caption"], p.get("parse_mode"), p.get("caption_entities"), limit=1024, caption=True)
        return {"caption": text, "caption_entities": entities or None}

    def _send(self, p: dict, content: dict) -> dict:
        chat = self._chat(p["chat_id"])
        thread = _int(p.get("message_thread_id"))
        if thread and chat.get("is_forum") and thread != 1 and (chat["id"], thread) not in self._topics:
            raise _bad("message thread not found")
        reply_to, rp = None, p.get("reply_parameters")
        if isinstance(rp, dict) and rp.get("message_id"):
            reply_to = self._messages.get((self._check_access(rp.get("chat_id", chat["id"]), False), _int(rp["message_id"])))
            if reply_to is None and not rp.get("allow_sending_without_reply"):
                raise _bad("message to be replied not found")
        return self._new_message(chat, self.bot_user, content, thread_id=thread, reply_to=reply_to,
                                 markup=self._markup(p.get("reply_markup")))

    # ------------------------------------------------------------------ files
    def _register(self, kind: str, data: bytes | None = None, *, factory: Callable[[], bytes] | None = None,
                  ext: str = "bin", size: int | None = None, file_name: str | None = None,
                  mime_type: str | None = None) -> _File:
        n = next(self._seq)
        prefix = {"photo": "AgACAgIAAxkBAAI", "document": "BQACAgIAAxkBAAI"}.get(kind, "CAACAgIAAxkBAAI")
        folder = {"photo": "photos", "document": "documents"}.get(kind, kind + "s")
        f = _File(prefix + secrets.token_urlsafe(30), "AQAD" + secrets.token_urlsafe(9), kind,
                  f"{folder}/file_{n}.{ext}", data, factory, size, file_name, mime_type)
        self._files[f.file_id] = self._paths[f.file_path] = f
        return f

    def add_file(self, data: bytes, *, kind: str = "document", file_name: str | None = None,
                 mime_type: str | None = None, size: int | None = None) -> FileRef:
        """Register a file the bot can getFile/download; ``size`` fakes the reported size (e.g. > 20 MB)."""
        ext = (file_name or "").rsplit(".", 1)[-1] if "." in (file_name or "") else "jpg" if kind == "photo" else "bin"
        f = self._register(kind, data, ext=ext, size=size, file_name=file_name, mime_type=mime_type)
        return FileRef(f.file_id, f.file_unique_id)

    def file_bytes(self, file_id: str) -> bytes:
        return self._files[file_id].data

    def _photo(self, data: bytes, strict: bool) -> list[dict]:
        width = height = 0
        try:
            width, height = Image.open(io.BytesIO(data)).size
        except Exception:
            if strict and Image is not None:
                raise _bad("IMAGE_PROCESS_FAILED") from None
        if strict and (width + height > 10000 or max(width, height) > 20 * max(1, min(width, height))):
            raise _bad("PHOTO_INVALID_DIMENSIONS")
        records, sizes = [], []
        for limit in (90, 320, 800, 1280) if self.photo_thumbnails and width and height else ():
            if max(width, height) > limit:
                scale = limit / max(width, height)
                f = self._register("photo", factory=partial(_thumbnail, data, limit), ext="jpg")
                records.append(f)
                sizes.append({"file_id": f.file_id, "file_unique_id": f.file_unique_id,
                              "width": max(1, round(width * scale)), "height": max(1, round(height * scale))})
        f = self._register("photo", data, ext="jpg")
        records.append(f)
        sizes.append({"file_id": f.file_id, "file_unique_id": f.file_unique_id, "file_size": len(data),
                      "width": width, "height": height})
        for record in records:
            record.sizes = sizes
        return sizes

    async def _input_file(self, value: Any, files: dict[str, _Upload], kind: str) -> _Upload | _File:
        if isinstance(value, str) and value.startswith("attach://"):
            value = files.get(value[9:])
            if value is None:
                raise _bad("wrong file identifier/HTTP URL specified")
        if isinstance(value, _Upload):
            if len(value.data) > (10 if kind == "photo" else 50) * MB:
                raise ApiError(413, "Request Entity Too Large")
            return value
        if isinstance(value, str) and re.match(r"https?://", value):
            raise ApiError(501, "Not Implemented: sending files by URL is not emulated")
        existing = self._files.get(value) if isinstance(value, str) else None
        if existing is None:
            raise _bad("wrong file identifier/HTTP URL specified")
        if existing.kind != kind:
            raise _bad(f"can't use file of type {existing.kind.title()} as {kind.title()}")
        return existing

    async def _photo_content(self, value: Any, files: dict[str, _Upload]) -> list[dict]:
        source = await self._input_file(value, files, "photo")
        if isinstance(source, _File):
            return source.sizes or self._photo(source.data, strict=True)
        return self._photo(source.data, strict=True)

    async def _document_content(self, value: Any, files: dict[str, _Upload]) -> dict:
        f = await self._input_file(value, files, "document")
        if isinstance(f, _Upload):
            name = f.filename or "document"
            mime = mimetypes.guess_type(name)[0] or f.content_type or "application/octet-stream"
            f = self._register("document", f.data, ext=name.rsplit(".", 1)[-1] if "." in name else "bin",
                               file_name=name, mime_type=mime)
        return {k: v for k, v in {"file_id": f.file_id, "file_unique_id": f.file_unique_id, "file_name": f.file_name,
                                  "mime_type": f.mime_type, "file_size": f.file_size}.items() if v is not None}

    # ------------------------------------------------------------------ Bot API methods
    def _m_getMe(self, p: dict, files: dict) -> dict:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False, "can_connect_to_business": False, "has_main_web_app": False}

    async def _m_getUpdates(self, p: dict, files: dict) -> list[dict]:
        if self._webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        self._poll_gen += 1
        generation = self._poll_gen
        self._updates_pulse.fire()  # a waiting older getUpdates now answers 409
        if isinstance(p.get("allowed_updates"), list):
            self._allowed = set(p["allowed_updates"]) or None
        offset = _int(p.get("offset")) or 0
        ids = list(self._updates)
        for update_id in (ids[:offset] if offset < 0 else [i for i in ids if i < offset]) if offset else ():
            del self._updates[update_id]
        limit = min(max(_int(p.get("limit")) or 100, 1), 100)
        deadline = time.monotonic() + max(0.0, float(p.get("timeout") or 0))
        while True:
            if generation != self._poll_gen:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; "
                                    "make sure that only one bot instance is running")
            ready = [u for u in list(self._updates.values()) if self._wanted(u)][:limit]
            remaining = deadline - time.monotonic()
            if ready or remaining <= 0 or self._closing:
                return ready
            await self._updates_pulse.wait(remaining)

    def _wanted(self, update: dict) -> bool:
        kind = next(k for k in update if k != "update_id")
        if (kind in self._allowed) if self._allowed else (kind not in _DEFAULT_UPDATES):
            return True
        self._updates.pop(update["update_id"], None)  # Telegram never queues unwanted updates
        return False

    async def _m_setWebhook(self, p: dict, files: dict) -> bool:
        url = p.get("url") or ""
        if not url:
            return await self._m_deleteWebhook(p, files)
        if not re.match(r"https://" if self.require_https_webhook else r"https?://", url):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise _bad("secret token contains unallowed characters")
        if p.get("drop_pending_updates"):
            self._updates.clear()
        if isinstance(p.get("allowed_updates"), list):
            self._allowed = set(p["allowed_updates"]) or None
        await self._stop_webhook_workers()
        self._webhook = {"url": url, "secret_token": secret, "max_connections": min(max(_int(p.get("max_connections")) or 40, 1), 100)}
        self._webhook_tasks = [asyncio.create_task(self._webhook_worker()) for _ in range(self._webhook["max_connections"])]
        self._updates_pulse.fire()
        return True

    async def _m_deleteWebhook(self, p: dict, files: dict) -> bool:
        self._webhook = None
        await self._stop_webhook_workers()
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _m_getWebhookInfo(self, p: dict, files: dict) -> dict:
        info = {"url": self._webhook["url"] if self._webhook else "", "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}
        if self._webhook:
            info["max_connections"] = self._webhook["max_connections"]
        if self._webhook_error:
            info["last_error_date"], info["last_error_message"] = self._webhook_error
        if self._allowed:
            info["allowed_updates"] = sorted(self._allowed)
        return info

    def _m_sendMessage(self, p: dict, files: dict) -> dict:
        text, entities = format_text(p["text"], p.get("parse_mode"), p.get("entities"), limit=4096, caption=False)
        return self._send(p, {"text": text, "entities": entities or None, "link_preview_options": p.get("link_preview_options")})

    def _m_sendVenue(self, p: dict, files: dict) -> dict:
        location = {"latitude": p["latitude"], "longitude": p["longitude"]}
        venue = {"location": location, "title": p["title"], "address": p["address"],
                 **{k: p[k] for k in ("foursquare_id", "foursquare_type", "google_place_id", "google_place_type")
                    if p.get(k)}}
        return self._send(p, {"venue": venue, "location": location})

    async def _m_sendPhoto(self, p: dict, files: dict) -> dict:
        caption = self._caption(p)
        return self._send(p, {"photo": await self._photo_content(p["photo"], files), **caption})

    async def _m_sendDocument(self, p: dict, files: dict) -> dict:
        caption = self._caption(p)
        return self._send(p, {"document": await self._document_content(p["document"], files), **caption})

    async def _m_sendMediaGroup(self, p: dict, files: dict) -> list[dict]:
        media = p["media"]
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise _bad("media group must contain 2-10 items")  # wording approximated
        contents, group_id = [], str(10**17 + next(self._seq))
        for item in media:
            if not isinstance(item, dict) or item.get("type") not in ("photo", "document"):
                raise ApiError(501, "Not Implemented: only photo and document albums are emulated")
            body = await (self._photo_content if item["type"] == "photo" else self._document_content)(item.get("media"), files)
            contents.append({item["type"]: body, "media_group_id": group_id, **self._caption(item)})
        return [self._send({**p, "reply_markup": None}, content) for content in contents]

    def _m_copyMessage(self, p: dict, files: dict) -> dict:
        source = self._find(p["from_chat_id"], p["message_id"], "message to copy not found")
        content = {k: source[k] for k in _CONTENT_KEYS if k in source and k != "media_group_id"}
        if not content:
            raise _bad("message can't be copied")
        if "caption" in p and ("photo" in content or "document" in content):
            content.pop("caption", None), content.pop("caption_entities", None)
            content.update(self._caption(p))
        return {"message_id": self._send(p, content)["message_id"]}

    def _m_forwardMessage(self, p: dict, files: dict) -> dict:
        source = self._find(p["from_chat_id"], p["message_id"], "message to forward not found")
        origin = ({"type": "user", "sender_user": source["from"]} if source["chat"]["type"] != "channel"
                  else {"type": "channel", "chat": source["chat"], "message_id": source["message_id"]})
        content = {k: source[k] for k in _CONTENT_KEYS if k in source and k != "media_group_id"}
        return self._send({**p, "reply_markup": None}, {**content, "forward_origin": {**origin, "date": source["date"]}})

    def _editable(self, p: dict) -> dict:
        if p.get("inline_message_id"):
            raise ApiError(501, "Not Implemented: inline messages are not emulated")
        if not p.get("chat_id"):
            raise _bad("chat_id is empty")
        msg = self._find(p["chat_id"], p.get("message_id"), "message to edit not found")
        if msg["from"]["id"] != self.bot_user["id"]:
            raise _bad("message can't be edited")
        return msg

    def _apply_edit(self, msg: dict, new: dict) -> dict:
        if all(msg.get(k) == v for k, v in new.items()):
            raise _bad(_NOT_MODIFIED)
        for key, value in new.items():
            if value is None:
                msg.pop(key, None)
            else:
                msg[key] = value
        msg["edit_date"] = int(time.time())
        return msg

    def _m_editMessageText(self, p: dict, files: dict) -> dict:
        msg = self._editable(p)
        if not p.get("text"):
            raise _bad("message text is empty")
        if "text" not in msg:
            raise _bad("there is no text in the message to edit")
        text, entities = format_text(p["text"], p.get("parse_mode"), p.get("entities"), limit=4096, caption=False)
        return self._apply_edit(msg, {"text": text, "entities": entities or None, "reply_markup": self._markup(p.get("reply_markup"))})

    def _m_editMessageReplyMarkup(self, p: dict, files: dict) -> dict:
        return self._apply_edit(self._editable(p), {"reply_markup": self._markup(p.get("reply_markup"))})

    def _m_deleteMessage(self, p: dict, files: dict) -> bool:
        if self._messages.pop((p["chat_id"], _int(p["message_id"])), None) is None:
            raise _bad("message to delete not found")
        return True

    def _m_sendChatAction(self, p: dict, files: dict) -> bool:
        if p["action"] not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    def _m_answerCallbackQuery(self, p: dict, files: dict) -> bool:
        query = self._queries.get(str(p["callback_query_id"]))
        if query is None or query["answered"]:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        query["answered"] = True
        self.callback_answers[str(p["callback_query_id"])] = p
        return True

    def _forum(self, chat_id: int) -> dict:
        chat = self._chat(chat_id)
        if chat["type"] != "supergroup" or not chat.get("is_forum"):
            raise _bad("the chat is not a forum")
        return chat

    def _m_createForumTopic(self, p: dict, files: dict) -> dict:
        chat = self._forum(p["chat_id"])
        topic = {"name": p["name"], "icon_color": _int(p.get("icon_color")) or 7322096}
        if p.get("icon_custom_emoji_id"):
            topic["icon_custom_emoji_id"] = p["icon_custom_emoji_id"]
        thread_id = self._next_mid.get(chat["id"], 0) + 1  # the topic id is its service message's id
        self._new_message(chat, self.bot_user, {"forum_topic_created": dict(topic)}, thread_id=thread_id)
        self._topics[(chat["id"], thread_id)] = {**topic, "message_thread_id": thread_id, "closed": False}
        return {"message_thread_id": thread_id, **topic}

    @staticmethod
    def _commands_key(p: dict) -> tuple[str, str]:
        return json.dumps(p.get("scope") or {"type": "default"}, sort_keys=True), p.get("language_code") or ""

    def _command_scope(self, p: dict) -> None:
        """A chat scope names a chat the bot can reach, as Telegram requires."""
        scope = p.get("scope") or {}
        if isinstance(scope, dict) and "chat_id" in scope:
            self._check_access(scope["chat_id"], write=False)

    def _m_setMyCommands(self, p: dict, files: dict) -> bool:
        self._command_scope(p)
        commands = p["commands"]
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("can't parse commands JSON object" if not isinstance(commands, list) else "too many commands")
        for command in commands:
            if not isinstance(command, dict) or not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", "")).lstrip("/")):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(p)] = commands
        return True

    def _m_deleteMyCommands(self, p: dict, files: dict) -> bool:
        self._command_scope(p)
        self.commands.pop(self._commands_key(p), None)
        return True

    def _m_getMyCommands(self, p: dict, files: dict) -> list:
        return self.commands.get(self._commands_key(p), [])

    def _m_setChatMenuButton(self, p: dict, files: dict) -> bool:
        button = p.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
            raise _bad("can't parse menu button JSON object")
        if button["type"] == "web_app":
            if not str(button.get("text", "")).strip():
                raise _bad("BUTTON_TEXT_INVALID")
            _web_app_url(button.get("web_app"))
        chat = _int(p.get("chat_id"))
        if chat is not None and self._chat(chat).get("type") != "private":
            raise _bad("chat is not private")  # menu buttons are per private chat or the default
        self.menu_buttons[chat] = button
        return True

    def _m_getChatMenuButton(self, p: dict, files: dict) -> dict:
        chat = _int(p.get("chat_id"))
        return self.menu_buttons.get(chat) or self.menu_buttons.get(None) or {"type": "default"}

    def _m_getChat(self, p: dict, files: dict) -> dict:
        gifts = dict.fromkeys(("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels"), False)
        return {**self._chat(p["chat_id"]), "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    def _m_getFile(self, p: dict, files: dict) -> dict:
        f = self._files.get(p["file_id"])
        if f is None:
            raise _bad("invalid file_id")
        if f.file_size > self.max_download_size:
            raise _bad("file is too big")
        return {"file_id": f.file_id, "file_unique_id": f.file_unique_id, "file_size": f.file_size, "file_path": f.file_path}

    # ------------------------------------------------------------------ webhook delivery
    async def _stop_webhook_workers(self) -> None:
        tasks, self._webhook_tasks = self._webhook_tasks, []
        current = asyncio.current_task()
        for task in tasks:
            if task is not current:
                task.cancel()
        await asyncio.gather(*(t for t in tasks if t is not current), return_exceptions=True)

    def _next_deliverable(self) -> dict | None:
        for update in list(self._updates.values()):
            key = _update_chat(update)
            if update["update_id"] not in self._inflight and key not in self._inflight and self._wanted(update):
                self._inflight.update((update["update_id"], key))
                return update
        return None

    async def _webhook_worker(self) -> None:
        while self._webhook is not None and not self._closing:
            update = self._next_deliverable()
            if update is None:
                await self._updates_pulse.wait(None)
                continue
            try:
                await self._post_update(update)
            finally:
                self._inflight.difference_update((update["update_id"], _update_chat(update)))
            self._updates.pop(update["update_id"], None)  # delivered, or dropped after the retries
            self._updates_pulse.fire()

    async def _post_update(self, update: dict) -> None:
        hook = self._webhook
        headers = {"Content-Type": "application/json"}
        if hook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
        for attempt in range(self.webhook_retries + 1):
            try:
                async with self._client.post(hook["url"], data=json.dumps(update), headers=headers,
                                             timeout=ClientTimeout(total=self.webhook_timeout)) as resp:
                    body, status, reason = await resp.read(), resp.status, resp.reason
                self.webhook_deliveries.append((update["update_id"], status))
                if status == 200:
                    if b'"method"' in body or b'name="method"' in body:  # aiogram without handle_in_background
                        self._record(Call("webhook-reply", {}, ok=False, error_code=501, via="webhook-reply",
                                          description="Not Implemented: methods in webhook replies are not emulated"))
                    return
                error = f"Wrong response from the webhook: {status} {reason}"
            except (ClientError, OSError, asyncio.TimeoutError, ValueError) as e:
                error = "Connection timed out" if isinstance(e, asyncio.TimeoutError) else f"Connection failed: {e}"
                self.webhook_deliveries.append((update["update_id"], type(e).__name__))
            self._webhook_error = (int(time.time()), error)
            if attempt < self.webhook_retries:
                await asyncio.sleep(self.webhook_retry_delay * (attempt + 1))

    # ------------------------------------------------------------------ test side: users act
    def _push(self, kind: str, payload: dict) -> dict:
        update = {"update_id": next(self._update_ids), kind: payload}
        self._updates[update["update_id"]] = update
        self._updates_pulse.fire()
        return update

    def _user_message(self, user_id: int, content: dict, *, chat_id: int | None = None, thread_id: int | None = None,
                      reply_to: dict | None = None, **user: Any) -> dict:
        sender = self.add_user(user_id, **user)
        chat = self._chat(user_id if chat_id is None else chat_id)
        if reply_to is not None:
            reply_to = self._messages.get((chat["id"], reply_to["message_id"]), reply_to)
        return self._push("message", self._new_message(chat, sender, content, thread_id=thread_id, reply_to=reply_to))

    def send_text(self, user_id: int, text: str, *, language_code: str | None = None, chat_id: int | None = None,
                  username: str | None = None, first_name: str | None = None, entities: list | None = None,
                  reply_to: dict | None = None) -> dict:
        """The user sends a text message (bot commands get their bot_command entities like on Telegram)."""
        return self._user_message(user_id, {"text": text, "entities": entities or _detect_commands(text) or None},
                                  chat_id=chat_id, reply_to=reply_to, language_code=language_code,
                                  username=username, first_name=first_name)

    def send_command(self, user_id: int, command: str, args: str | None = None, **kwargs: Any) -> dict:
        return self.send_text(user_id, "/" + command.lstrip("/") + (f" {args}" if args else ""), **kwargs)

    def send_photo(self, user_id: int, image_bytes: bytes, caption: str | None = None,
                   media_group_id: str | None = None, *, chat_id: int | None = None, **user: Any) -> dict:
        """Largest PhotoSize = the original bytes; smaller Telegram-like sizes are JPEG thumbnails."""
        return self._user_message(user_id, {"photo": self._photo(image_bytes, strict=False), "caption": caption,
                                            "media_group_id": media_group_id}, chat_id=chat_id, **user)

    def send_document(self, user_id: int, data: bytes, file_name: str = "file.bin", mime_type: str | None = None,
                      caption: str | None = None, *, chat_id: int | None = None, **user: Any) -> dict:
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        ref = self.add_file(data, file_name=file_name, mime_type=mime)
        document = {"file_id": ref.file_id, "file_unique_id": ref.file_unique_id, "file_name": file_name,
                    "mime_type": mime, "file_size": len(data)}
        return self._user_message(user_id, {"document": document, "caption": caption}, chat_id=chat_id, **user)

    def send_contact(self, user_id: int, phone: str, *, first_name: str | None = None,
                     contact_user_id: int | None = None, **user: Any) -> dict:
        """By default the user's own contact, as shared with a request_contact keyboard button."""
        sender = self.add_user(user_id, **user)
        contact = {"phone_number": phone, "first_name": first_name or sender["first_name"],
                   "user_id": user_id if contact_user_id is None else contact_user_id}
        return self._user_message(user_id, {"contact": contact})

    def send_location(self, user_id: int, lat: float, lon: float, **user: Any) -> dict:
        return self._user_message(user_id, {"location": {"latitude": lat, "longitude": lon}}, **user)

    def press_button(self, user_id: int, message: dict | Call | int, callback_data: str, *,
                     chat_id: int | None = None) -> dict:
        """The user presses an inline button of a bot message (dict, recorded Call, or message_id)."""
        if isinstance(message, Call):
            message = message.message
        key = (message["chat"]["id"], message["message_id"]) if isinstance(message, dict) else (chat_id or user_id, message)
        current = self._messages.get(key)
        if current is None:
            raise ValueError(f"message {key} does not exist (deleted?)")
        buttons = [b.get("callback_data") for b in itertools.chain.from_iterable(
            current.get("reply_markup", {}).get("inline_keyboard", []))]
        if callback_data not in buttons:
            raise ValueError(f"message {key} has no button with callback_data={callback_data!r}; it has {buttons}")
        query_id = str(4_000_000_000_000_000 + next(self._seq))
        self._queries[query_id] = {"answered": False}
        return self._push("callback_query", {"id": query_id, "from": dict(self.add_user(user_id)),
                                             "message": current, "chat_instance": str(-abs(hash(key)) % 10**18),
                                             "data": callback_data})

    def send_in_topic(self, chat_id: int, thread_id: int, from_user_id: int, text: str, **user: Any) -> dict:
        """A message in a forum supergroup topic (the chat becomes a forum supergroup if unknown)."""
        chat = self._chats.get(chat_id) or self.add_chat(chat_id, type="supergroup", is_forum=True)
        if not chat.get("is_forum"):
            raise ValueError(f"chat {chat_id} is not a forum; use add_chat(..., is_forum=True)")
        if (chat_id, thread_id) not in self._topics:
            self._topics[(chat_id, thread_id)] = {"name": f"Topic {thread_id}", "icon_color": 7322096,
                                                  "message_thread_id": thread_id, "closed": False}
        created = self._messages.get((chat_id, thread_id))
        return self._user_message(from_user_id, {"text": text, "entities": _detect_commands(text) or None},
                                  chat_id=chat_id, thread_id=thread_id, reply_to=created, **user)

    # ------------------------------------------------------------------ test side: faults
    def fail_next(self, method: str, error_code: int, description: str, count: int = 1, *,
                  chat_id: int | None = None, retry_after: int | None = None) -> None:
        """The next ``count`` calls of ``method`` ("*" = any), optionally to ``chat_id``, fail like this."""
        if error_code == 429 and retry_after is None:
            found = re.search(r"retry after (\d+)", description)
            retry_after = int(found.group(1)) if found else 1
        self._faults.append([method.lower(), chat_id, ApiError(error_code, description, retry_after), count])

    def hold(self, match: Callable[[str, dict], bool]) -> None:
        """Calls for which ``match(method_lowercase, raw_params)`` is true wait, before they act, until
        release(). A client that goes away meanwhile (a bot killed with SIGKILL) leaves its call
        undone, as a request that never reached Telegram."""
        self._hold, self._released = match, asyncio.Event()

    def release(self) -> None:
        self._hold = None
        self._released.set()

    async def wait_held(self, method: str, timeout: float = 10.0) -> None:
        """Until a call of ``method`` is waiting in hold()."""
        deadline = time.monotonic() + timeout
        while not any(m.lower() == method.lower() for m, _ in self.held):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {method} call was held within {timeout}s; held: {self.held}")
            await asyncio.sleep(0.02)

    def block_user(self, chat_id: int) -> None:
        self._blocked.add(chat_id)

    def unblock_user(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def make_chat_unreachable(self, chat_id: int) -> None:
        self._unreachable.add(chat_id)

    def make_chat_reachable(self, chat_id: int) -> None:
        self._unreachable.discard(chat_id)

    # ------------------------------------------------------------------ test side: inspection
    def messages_to(self, chat_id: int) -> list[dict]:
        """The bot's messages now in that chat (edits applied, deleted and service messages left out)."""
        return [copy.deepcopy(m) for (cid, _), m in sorted(self._messages.items())
                if cid == chat_id and m["from"]["id"] == self.bot_user["id"] and any(k in m for k in _CONTENT_KEYS)]

    @property
    def pending_updates(self) -> list[dict]:
        return list(self._updates.values())

    def clear_records(self) -> None:
        self.calls.clear(), self.sent.clear(), self.method_counts.clear()

    async def wait_for(self, match: int | str | Callable[[Call], bool] | None = None, count: int = 1,
                       timeout: float = 10.0, *, consume: bool = True) -> list[Call]:
        """Wait until ``count`` not-yet-consumed successful calls match and return them (consumed).

        ``match``: a chat id (messages the bot sent to that chat), a method name, a predicate on
        Call, or None (any message the bot sent). Raises TimeoutError listing what happened.
        """
        if callable(match):
            predicate = match
        elif isinstance(match, str):
            predicate = lambda c: c.method.lower() == match.lower()  # noqa: E731
        else:
            predicate = lambda c: is_message_method(c.method) and (match is None or c.chat_id == match)  # noqa: E731
        deadline = time.monotonic() + timeout
        while True:
            hits = [c for c in self.sent if not c.consumed and predicate(c)]
            if len(hits) >= count:
                for c in hits[:count]:
                    c.consumed = consume
                return hits[:count]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                recent = "; ".join(f"{c.method}({c.chat_id}) {'ok' if c.ok else c.description}"
                                   for c in self.calls[-8:] if c.method != "getUpdates")
                raise TimeoutError(f"waited {timeout}s for {count} call(s) matching {match!r}, got "
                                   f"{len(hits)}; recent calls: {recent or 'none'}")
            await self._sent_pulse.wait(remaining)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _update_chat(update: dict) -> Any:
    payload = next(v for k, v in update.items() if k != "update_id")
    message = payload.get("message", payload) if isinstance(payload, dict) else {}
    chat = message.get("chat") if isinstance(message, dict) else None
    return ("chat", chat["id"]) if chat else ("user", (payload.get("from") or {}).get("id"))
