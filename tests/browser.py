"""The Mini App in a real browser: headless Chromium with a fake camera, driven through chromedriver.

`Browser` speaks the W3C WebDriver protocol (a handful of JSON calls) over aiohttp rather than with
selenium: selenium blocks, and the bot under test runs on the same event loop as the test.
`camera_video` films a sample pack photo (tests/packs.py) the way a hand holds a phone over it:
an MJPEG file Chromium plays as its camera. `signed_init_data` signs initData as Telegram does.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import json
import math
import os
import shutil
import signal
import socket
import time
from contextlib import suppress
from pathlib import Path
from typing import Self
from urllib.parse import urlencode

import zxingcpp
from aiohttp import ClientSession, ClientTimeout
from PIL import Image, ImageFilter

from handlers.cards.miniapp import APP_PATH
from tests.packs import _hri

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FRAME = (640, 480)  # the camera's picture
# Flags that run as root in a container without a GPU or internet, plus the fake camera.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")
PHONE = {"deviceMetrics": {"width": 360, "height": 780, "pixelRatio": 2.0}}  # a small Android phone's screen


def have_browser() -> bool:
    return os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)


def signed_init_data(token: str, user_id: int, *, language_code: str = "en", age_s: float = 0) -> str:
    """Mini App initData for `user_id` as Telegram signs it (core.telegram.org/bots/webapps, "Validating data"),
    made `age_s` seconds ago."""
    fields = {"query_id": f"AAH{user_id}", "auth_date": str(int(time.time() - age_s)),
              "user": json.dumps({"id": user_id, "first_name": "Test", "language_code": language_code},
                                 separators=(",", ":"))}
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)


def page_hash(init_data: str) -> str:
    """The URL fragment Telegram opens a Mini App with (telegram-web-app.js reads it; so does our page)."""
    theme = {"bg_color": "#ffffff", "text_color": "#000000", "hint_color": "#999999", "button_color": "#3390ec",
             "button_text_color": "#ffffff", "secondary_bg_color": "#f4f4f5", "link_color": "#3390ec"}
    return "#" + urlencode({"tgWebAppData": init_data, "tgWebAppVersion": "8.0", "tgWebAppPlatform": "android",
                            "tgWebAppThemeParams": json.dumps(theme)})


def camera_video(photo: Path, out: Path, *, seconds: float = 2.0, fps: int = 15) -> Path:
    """An MJPEG clip of the photo's code as a phone camera sees it: the view drifts a few pixels and
    goes slightly in and out of focus. The code is where zxing-cpp finds it in the photo (a photo
    without one is filmed at its centre)."""
    image = Image.open(photo).convert("RGB")
    symbols = [s for s in zxingcpp.read_barcodes(image) if s.format != zxingcpp.BarcodeFormat.EAN13]
    cx, cy = image.width / 2, image.height / 2
    if symbols:
        corners = [symbols[0].position.top_left, symbols[0].position.top_right, symbols[0].position.bottom_left,
                   symbols[0].position.bottom_right]
        cx, cy = sum(p.x for p in corners) / 4, sum(p.y for p in corners) / 4
    with out.open("wb") as stream:
        for n in range(round(seconds * fps)):
            phase = 2 * math.pi * n / (seconds * fps)
            x = round(cx - FRAME[0] / 2 + 14 * math.sin(phase))
            y = round(cy - FRAME[1] / 2 + 9 * math.cos(2 * phase))
            x = min(max(x, 0), image.width - FRAME[0])
            y = min(max(y, 0), image.height - FRAME[1])
            frame = image.crop((x, y, x + FRAME[0], y + FRAME[1]))
            frame = frame.filter(ImageFilter.GaussianBlur(0.4 + 0.4 * (1 + math.sin(3 * phase)) / 2))
            frame.save(stream, "JPEG", quality=85)
    return out


def pack_symbol(payload: str) -> zxingcpp.Barcode:
    """A pack code printed as a square GS1 DataMatrix."""
    return zxingcpp.create_barcode(_hri(payload), zxingcpp.BarcodeFormat.DataMatrix, gs1=True)


def dmre_video(payload: str, out: Path) -> Path:
    """A clip of a pack code printed as a rectangular DataMatrix (DMRE, 24x48 modules: on narrow packs)."""
    return label_video(zxingcpp.create_barcode(_hri(payload), zxingcpp.BarcodeFormat.DataMatrix, gs1=True,
                                               options="dmre"), out)


def label_video(symbol: zxingcpp.Barcode, out: Path, *, seconds: float = 2.0, fps: int = 15) -> Path:
    """A clip of one printed symbol at 5 px a module on a pale carton, drifting and slightly out of focus."""
    label = Image.fromarray(symbol.to_image(scale=5, add_quiet_zones=True)).convert("RGB")
    with out.open("wb") as stream:
        for n in range(round(seconds * fps)):
            phase = 2 * math.pi * n / (seconds * fps)
            frame = Image.new("RGB", FRAME, (226, 232, 240))
            frame.paste(label, (round((FRAME[0] - label.width) / 2 + 12 * math.sin(phase)),
                                round((FRAME[1] - label.height) / 2 + 8 * math.cos(phase))))
            frame.filter(ImageFilter.GaussianBlur(0.6)).save(stream, "JPEG", quality=85)
    return out


def carton_video(ean: zxingcpp.Barcode, pack: zxingcpp.Barcode, out: Path, *, fps: int = 15) -> Path:
    """A carton's EAN-13 above its DataMatrix, the DataMatrix in focus in one frame of five only (a hard read)
    and the EAN-13 sharp in all: a page that took the first code it read would take the EAN-13."""
    images = [Image.fromarray(symbol.to_image(scale=3, add_quiet_zones=True)).convert("RGB") for symbol in (ean, pack)]
    with out.open("wb") as stream:
        for n in range(2 * fps):
            frame = Image.new("RGB", FRAME, (226, 232, 240))
            blurred = images[1] if n % 5 == 4 else images[1].filter(ImageFilter.GaussianBlur(4))
            frame.paste(images[0], ((FRAME[0] - images[0].width) // 2, 60))
            frame.paste(blurred, ((FRAME[0] - blurred.width) // 2, 60 + images[0].height))
            frame.save(stream, "JPEG", quality=85)
    return out


def black_video(out: Path, *, seconds: float = 1.0, fps: int = 15) -> Path:
    """A camera that gives a black picture, as iOS inside Telegram sometimes does."""
    frame = io.BytesIO()
    Image.new("RGB", FRAME, "black").save(frame, "JPEG")
    out.write_bytes(frame.getvalue() * round(seconds * fps))
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One headless Chromium whose camera plays `video`; `async with Browser(video, tmp) as browser:`."""

    def __init__(self, video: Path, workdir: Path) -> None:
        self.video, self.workdir = video, workdir
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.driver: asyncio.subprocess.Process | None = None
        self.session_url = ""

    async def __aenter__(self) -> Self:
        self.http = ClientSession(timeout=ClientTimeout(total=60))
        self.driver = await asyncio.create_subprocess_exec(
            CHROMEDRIVER, f"--port={self.port}", stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            start_new_session=True)  # its own process group: stopping it ends every Chromium process too
        try:
            await self._ready()
            profile = self.workdir / "chromium-profile"
            profile.mkdir(parents=True, exist_ok=True)
            args = [*FLAGS, f"--user-data-dir={profile}", f"--use-file-for-fake-video-capture={self.video}"]
            options = {"binary": CHROMIUM, "mobileEmulation": PHONE, "args": args}
            answer = await self._call("POST", "/session", {"capabilities": {"alwaysMatch": {
                "browserName": "chrome", "goog:chromeOptions": options}}})
            self.session_url = f"/session/{answer['sessionId']}"
        except BaseException:
            await self._stop()
            raise
        return self

    async def __aexit__(self, *exc) -> None:
        with suppress(Exception):
            await self._call("DELETE", self.session_url)
        await self._stop()

    async def _stop(self) -> None:
        if self.driver is not None and self.driver.returncode is None:
            with suppress(ProcessLookupError):
                os.killpg(self.driver.pid, signal.SIGKILL)
            await self.driver.wait()
        await self.http.close()

    async def _ready(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while True:
            with suppress(OSError):
                async with self.http.get(self.base + "/status") as resp:
                    if (await resp.json())["value"]["ready"]:
                        return
            if time.monotonic() > deadline:
                raise RuntimeError("chromedriver did not start")
            await asyncio.sleep(0.05)

    async def _call(self, method: str, path: str, body: dict | None = None):
        async with self.http.request(method, self.base + path, json=body) as resp:
            answer = await resp.json()
        if resp.status != 200:
            raise RuntimeError(f"WebDriver {method} {path}: {answer['value']}")
        return answer["value"]

    async def open(self, url: str) -> None:
        await self._call("POST", self.session_url + "/url", {"url": url})

    async def open_app(self, tg, user_id: int) -> None:
        """The Mini App of the running bot `tg` (tests/harness.py), as Telegram opens it for `user_id`."""
        await self.open(tg.url + APP_PATH + page_hash(signed_init_data(tg.server.token, user_id)))

    async def run(self, script: str, *args):
        """The value of a JavaScript function body run in the page (`return ...`)."""
        return await self._call("POST", self.session_url + "/execute/sync", {"script": script, "args": list(args)})

    async def wait_for(self, expression: str, timeout: float = 20):
        """Polls until the JavaScript expression is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = await self.run(f"return {expression};")
            if value:
                return value
            if time.monotonic() > deadline:
                state = await self.run("return [document.body.dataset.state, document.getElementById('status')"
                                       ".textContent, JSON.stringify(window.medcheck || null)];")
                raise TimeoutError(f"{expression} stayed false; page state {state}")
            await asyncio.sleep(0.05)

    async def upload(self, selector: str, file: Path) -> None:
        """Choose `file` in the page's <input type=file> (as a person picking a photo)."""
        found = await self._call("POST", self.session_url + "/element", {"using": "css selector", "value": selector})
        element = next(iter(found.values()))
        await self._call("POST", f"{self.session_url}/element/{element}/value", {"text": str(file)})

    async def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        png = await self._call("GET", self.session_url + "/screenshot")
        path.write_bytes(base64.b64decode(png))
        return path


def screenshots_dir() -> Path:
    """Where the browser tests leave their screenshots for a person to look at (tests/output/, not in git)."""
    return Path(__file__).resolve().parent / "output" / "screenshots"

