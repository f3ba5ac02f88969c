"""The Mini App in headless Chromium whose camera films a sample pack: the page opens, reads the code
with zxing-wasm, asks our server and shows the verdict; refused initData gets 401 and nothing is recorded.

Screenshots go to tests/output/screenshots/ (printed) for a person to look at. No internet is needed:
telegram-web-app.js cannot load here, and the page works without it, as it must.
On SQLite only: tests/test_miniapp.py holds the API to both databases.
"""
from __future__ import annotations

import json
import re

import pytest
import zxingcpp

from core.i18n import Translator
from handlers.cards.miniapp import APP_PATH
from tests.botapi.server import parse_html
from tests.browser import (
    Browser,
    black_video,
    camera_video,
    carton_video,
    dmre_video,
    have_browser,
    label_video,
    pack_symbol,
    page_hash,
    screenshots_dir,
    signed_init_data,
)
from tests.conftest import IN_CI, PACKS, SAMPLES_TODAY
from tests.harness import running_bot
from verification.gs1 import parse_code
from verification.history import recent_checks

I18N = Translator()
SAMPLES = {  # photo -> (verdict level, the card's headline key)
    "pack_002.jpg": ("green", "verdict-in_circulation"),
    "pack_016.jpg": ("red", "verdict-recalled"),
    "pack_054.jpg": ("red", "verdict-withdrawn"),
}
CODES = {json.loads(line)["file"]: json.loads(line)["code"]
         for line in (PACKS / "photos.jsonl").read_text().splitlines() if line.strip()}
VERDICT_SHOWN = "document.body.dataset.state === 'verdict'"
pytestmark = pytest.mark.parametrize("empty_db", ["sqlite"], indirect=True)  # register_db on SQLite


@pytest.fixture(autouse=True)
def browser_installed():
    if not have_browser():
        message = "Chromium and chromedriver are not installed (./dev installs Debian's chromium, chromium-driver)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
async def mini(register_db, botapi):
    async with running_bot(register_db, mode="webhook", server=botapi, webapp_url="https://medcheck.example") as tg:
        tg.dp["clock"] = lambda zone: SAMPLES_TODAY
        yield tg


def shot(name: str):
    path = screenshots_dir() / name
    print(f"screenshot: {path}")
    return path


def headline(key: str) -> str:
    return parse_html(I18N("en", key))[0]


@pytest.mark.parametrize("photo", list(SAMPLES))
async def test_the_camera_reads_the_pack_and_the_page_shows_its_verdict(mini, photo, tmp_path):
    level, key = SAMPLES[photo]
    user = 9100 + list(SAMPLES).index(photo)
    video = camera_video(PACKS / "photos" / photo, tmp_path / "camera.mjpeg")
    async with Browser(video, tmp_path) as browser:
        await browser.open_app(mini, user)
        await browser.wait_for(VERDICT_SHOWN, timeout=20)
        await browser.screenshot(shot(f"{photo.removesuffix('.jpg')}-{key.removeprefix('verdict-')}.png"))
        assert await browser.run("return document.body.dataset.verdict") == level
        card = await browser.run("return document.getElementById('card').innerText")
        assert headline(key) in card
        assert await browser.run("return [window.innerWidth, document.documentElement.scrollWidth]") == [360, 360]
        stats = await browser.run("return window.medcheck")
        assert stats["frames"] >= 1 and stats["answer"]["status"] == 200
        assert stats["text"] == CODES[photo]  # read as printed: the GS separators kept (\x1d), no "(01)"
        # its buttons are links that press the card's buttons in the chat (tests/test_miniapp.py follows them)
        links = await browser.run("return [...document.querySelectorAll('#buttons button')].map(b => b.dataset.url)")
        username = mini.server.bot_user["username"]
        assert links and all(re.fullmatch(rf"https://t\.me/{username}\?start=[a-z]+-[0-9]+", link) for link in links)
        await browser.run("document.getElementById('again').click();")  # "Scan another": the camera again
        await browser.wait_for(f"{VERDICT_SHOWN} && window.medcheck.verdict > {stats['verdict']}")
    records = await recent_checks(mini.services.db, user)  # recorded as chat checks
    assert [r.verdict for r in records] == [level, level]
    in_chat = await mini.server.wait_for(user, count=2, timeout=5)  # and the cards are in the chat too
    assert all(headline(key) in card.text for card in in_chat)


async def test_a_rectangular_dmre_code_is_read_with_its_separators(mini, tmp_path):
    user, code = 9150, CODES["pack_016.jpg"]
    async with Browser(dmre_video(code, tmp_path / "dmre.mjpeg"), tmp_path) as browser:
        await browser.open_app(mini, user)
        await browser.wait_for(VERDICT_SHOWN, timeout=20)
        await browser.screenshot(shot("dmre-recalled.png"))
        assert await browser.run("return window.medcheck.text") == code
    [record] = await recent_checks(mini.services.db, user)
    assert record.reasons[0] == "recalled"


async def test_a_cartons_ean_13_beside_its_datamatrix_gives_way_to_the_pack_code(mini, tmp_path):
    user, code = 9160, CODES["pack_002.jpg"]
    ean = zxingcpp.create_barcode(code[3:16], zxingcpp.BarcodeFormat.EAN13)  # its GTIN-14 is 0 and the EAN-13
    async with Browser(carton_video(ean, pack_symbol(code), tmp_path / "carton.mjpeg"), tmp_path) as browser:
        await browser.open_app(mini, user)
        await browser.wait_for(VERDICT_SHOWN, timeout=20)
        await browser.screenshot(shot("ean-beside-datamatrix.png"))
        assert await browser.run("return window.medcheck.text") == code
    [record] = await recent_checks(mini.services.db, user)
    assert (record.verdict, record.serial) == ("green", parse_code(code).serial)
    async with Browser(label_video(ean, tmp_path / "ean.mjpeg"), tmp_path) as browser:  # an EAN-13 alone is read
        await browser.open_app(mini, user)
        await browser.wait_for(VERDICT_SHOWN, timeout=20)
        assert await browser.run("return window.medcheck.text") == code[3:16]
    last = (await recent_checks(mini.services.db, user))[0]
    assert (last.gtin, last.serial) == (code[2:16], None)  # the product, no pack


async def test_another_barcode_is_refused_once_and_the_camera_keeps_looking(mini, tmp_path):
    user = 9170
    qr = zxingcpp.create_barcode("https://example.com/menu", zxingcpp.BarcodeFormat.QRCode)
    async with Browser(label_video(qr, tmp_path / "qr.mjpeg"), tmp_path) as browser:
        await browser.open_app(mini, user)
        await browser.wait_for("window.medcheck.answer && window.medcheck.answer.status === 400")
        await browser.wait_for("document.body.dataset.state === 'scanning' && window.medcheck.frames > 10")
        await browser.screenshot(shot("not-a-pack-code.png"))
        assert await browser.run("return document.getElementById('status').textContent") == \
            I18N("en", "miniapp-page-not-a-code")
    assert len(mini.dp["throttle"].seen[("user", user)]) == 1  # asked once: the same QR is not sent again
    assert mini.server.messages_to(user) == [] and await recent_checks(mini.services.db, user) == []


async def test_forged_and_stale_init_data_get_401_and_nothing_is_recorded(mini, tmp_path):
    user = 9200
    video = camera_video(PACKS / "photos" / "pack_016.jpg", tmp_path / "camera.mjpeg")
    forged = signed_init_data("123456:not-this-bots-token", user)
    stale = signed_init_data(mini.server.token, user, age_s=3 * 3600)
    async with Browser(video, tmp_path) as browser:
        for init_data, state in ((forged, "signed-out"), (stale, "expired")):
            await browser.open(mini.url + APP_PATH + f"?{state}" + page_hash(init_data))  # a new page, not a new hash
            await browser.wait_for(f"document.body.dataset.state === '{state}'")
            await browser.screenshot(shot(f"refused-{state}.png"))
            assert await browser.run("return document.getElementById('status').textContent") == \
                I18N("en", f"miniapp-page-{state}")
            # The page would post what it reads; the server refuses it whatever the page does.
            status = await browser.run("""
                return fetch('api/check', {method: 'POST', headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify({init_data: arguments[0], code: arguments[1]})}).then(r => r.status);
            """, init_data, "010478491186252521PZ6zfKN7xVGkj")
            assert status == 401
    assert await recent_checks(mini.services.db, user) == []
    assert mini.server.messages_to(user) == []


async def test_a_black_camera_offers_a_photo_and_the_photo_is_checked(mini, tmp_path):
    user = 9300
    async with Browser(black_video(tmp_path / "black.mjpeg"), tmp_path) as browser:
        await browser.open_app(mini, user)
        await browser.wait_for("document.body.dataset.state === 'no-camera'", timeout=15)
        await browser.screenshot(shot("black-camera.png"))
        await browser.upload("#photo", PACKS / "photos" / "pack_054.jpg")
        await browser.wait_for(VERDICT_SHOWN)
        assert headline("verdict-withdrawn") in await browser.run("return document.getElementById('card').innerText")
    [record] = await recent_checks(mini.services.db, user)
    assert record.reasons[0] == "withdrawn"
