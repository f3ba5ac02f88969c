"""Users' images are opened only in the decoder workers, behind the check path's guard, and downloads are bounded.

End to end through the local Bot API server: on SQLite by long polling and on PostgreSQL by webhook.
"""
from __future__ import annotations

import asyncio
import inspect
import io
import os
import struct
import time
import zlib
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from complaints.models import ComplaintPhoto
from handlers.callbacks import CheckAction, ComplaintStep
from tests.harness import running_bot
from tests.test_bot_check import words as check_words
from tests.test_complaints_bot import CITIZEN, answer_card, jpeg, press

TESTS = Path(__file__).resolve().parent
MB = 1024 * 1024


def words(key: str) -> str:
    return check_words("en", key)


@pytest.fixture
def start(sample_bot_db, botapi):
    """Starts the real bot on the sample register, with the settings a test chooses."""
    db, mode = sample_bot_db
    return lambda **settings: running_bot(db, mode=mode, server=botapi, **settings)


def png(width: int, height: int, pixels: bytes = b"") -> bytes:
    """A grey PNG whose header says width x height, with `pixels` as its (compressed) image data."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels or b"\0" * 1024))
            + chunk(b"IEND", b""))


def png_7700() -> bytes:
    """A real 7700 x 7700 white PNG (59 MP, about 60 KB): every row is a filter byte and white pixels."""
    return png(7700, 7700, (b"\0" + b"\xff" * 7700) * 7700)


def padded_picture(size: int) -> bytes:
    """A small white JPEG followed by zeros up to `size` bytes (decoders ignore what follows the image)."""
    return jpeg((255, 255, 255), size=(64, 64)).ljust(size, b"\0")


@contextmanager
def images_opened_by_the_bot():
    """Every Image.open in this process by the bot's code (the tests' and the local server's own are left out)."""
    opened, real_open = [], Image.open

    def spy(*args, **kwargs):
        caller = inspect.currentframe().f_back.f_code.co_filename
        if not caller.startswith(str(TESTS)):
            opened.append(caller)
        return real_open(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Image, "open", spy)
        yield opened


async def to_the_receipt(rb, user_id: int):
    """A price complaint from an answer card, up to the question for the receipt."""
    rb.server.add_user(user_id, language_code="en")
    card, check_id = await answer_card(rb, user_id)
    await press(rb, user_id, card, CheckAction(action="complain", check_id=check_id).pack())
    await rb.ask(user_id, "45 000")
    [question] = await rb.ask(user_id, "Dorixona 36, Chilonzor 5")
    assert "photo of the receipt" in question.text


def send_file(rb, user_id: int, data: bytes, name: str) -> None:
    rb.server.send_document(user_id, data, name, mime_type=f"image/{name.rsplit('.', 1)[-1]}")


async def until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition was not reached"
        await asyncio.sleep(0.01)


# ----------------------------------------------------------------------------- receipts


async def test_receipts_are_reencoded_in_the_workers_and_bombs_are_too_large(start):
    async with start() as rb:
        await to_the_receipt(rb, CITIZEN)
        downloads = rb.server.method_counts["getFile"]
        send_file(rb, CITIZEN, padded_picture(21 * MB), "scan.jpeg")  # over Telegram's 20 MB: not even asked for
        [reply] = await rb.server.wait_for(CITIZEN)
        assert reply.text == words("complaint-image-too-large")
        assert rb.server.method_counts["getFile"] == downloads
        with images_opened_by_the_bot() as opened:
            # A 100 000 x 100 000 PNG of a few hundred bytes, and a real 59 MP one: both over the 40 MP guard.
            for name, data in (("bomb.png", png(100_000, 100_000)), ("scan.png", png_7700())):
                send_file(rb, CITIZEN, data, name)
                [reply] = await rb.server.wait_for(CITIZEN)
                assert reply.text == words("complaint-image-too-large"), name
            send_file(rb, CITIZEN, jpeg(size=(3000, 4000), gps=True), "receipt.jpeg")
            [pack_question] = await rb.server.wait_for(CITIZEN)
            assert "photo of the pack" in pack_question.text  # the receipt step kept its draft throughout
            await rb.ask(CITIZEN, words("complaint-button-skip"))
            _review, summary = await rb.ask(CITIZEN, words("complaint-button-skip"), count=2)
            [ack] = await press(rb, CITIZEN, summary, ComplaintStep(action="send").pack())
            assert "Complaint No. 1 received" in ack.text
        # Each of these images was opened (and re-encoded, twice for the kept one) in a decoder worker.
        assert opened == []
        async with rb.services.db.session() as session:
            [photo] = (await session.scalars(select(ComplaintPhoto))).all()
        stored = Image.open(io.BytesIO(photo.data))
        assert (stored.format, stored.size) == ("JPEG", (1920, 2560)) and not stored.getexif()


def hold_worker(path: str) -> None:
    """Runs in a decoder worker: keeps it busy until `path` exists."""
    while not os.path.exists(path):
        time.sleep(0.02)


@asynccontextmanager
async def full_decoder(rb, release: Path):
    """The decoder queue (of one place) is full until the block ends."""
    held = asyncio.ensure_future(rb.services.decoder.run(hold_worker, str(release)))
    await until(lambda: rb.services.decoder.full)
    try:
        yield
    finally:
        release.touch()
        await held


async def test_a_receipt_when_the_decoders_are_full_is_asked_again_and_nothing_is_lost(start, tmp_path):
    async with start(decode_queue=1, decode_deadline_s=30) as rb:
        await to_the_receipt(rb, CITIZEN)
        receipt = jpeg(gps=True)
        async with full_decoder(rb, tmp_path / "step"):
            send_file(rb, CITIZEN, receipt, "receipt.jpeg")
            [reply] = await rb.server.wait_for(CITIZEN)
            assert reply.text == words("complaint-busy")
        send_file(rb, CITIZEN, receipt, "receipt.jpeg")
        [pack_question] = await rb.server.wait_for(CITIZEN)
        assert "photo of the pack" in pack_question.text
        await rb.ask(CITIZEN, words("complaint-button-skip"))
        _review, summary = await rb.ask(CITIZEN, words("complaint-button-skip"), count=2)
        # Busy again when it is sent: the summary and its Send button stay, and Send works a moment later.
        async with full_decoder(rb, tmp_path / "send"):
            send = ComplaintStep(action="send").pack()
            query_id = rb.server.press_button(CITIZEN, summary, send)["callback_query"]["id"]
            [alert] = await rb.server.wait_for(
                lambda c: c.method == "answerCallbackQuery" and str(c.params["callback_query_id"]) == query_id)
            assert alert.params["text"] == words("complaint-send-busy") and alert.params["show_alert"] is True
        [ack] = await press(rb, CITIZEN, summary, ComplaintStep(action="send").pack())
        assert "Complaint No. 1 received" in ack.text


# ----------------------------------------------------------------------------- downloads


async def test_downloads_at_once_and_their_bytes_are_bounded_and_everyone_is_answered(start):
    big, small = range(7400, 7406), range(7500, 7506)
    async with start(downloads_at_once=3, download_mb_in_flight=20, download_wait_s=50) as rb:
        rb.server.download_delay = 0.3  # each download takes a while, so that they would overlap
        for user in big:
            rb.server.send_document(user, padded_picture(8 * MB), "scan.jpg", mime_type="image/jpeg",
                                    language_code="en")
        for user in small:
            rb.server.send_photo(user, jpeg(), language_code="en")
        for user in (*big, *small):
            [reply] = await rb.server.wait_for(user, timeout=60)
            assert reply.text.startswith(words("nocode-title")), user
        assert rb.server.downloads.peak_files <= 3  # the count bounds the small photos
        assert rb.server.downloads.peak_bytes <= 20 * MB  # the bytes bound the big files: two of 8 MB at most


async def test_a_file_that_waits_too_long_for_a_download_is_answered_busy(start):
    async with start(downloads_at_once=1, download_wait_s=0.3) as rb:
        rb.server.download_delay = 4.0
        rb.server.send_photo(7601, jpeg(), language_code="en")
        await until(lambda: rb.server.downloads.files == 1)
        rb.server.send_photo(7602, jpeg(), language_code="en")
        [busy] = await rb.server.wait_for(7602)
        assert busy.text == words("check-busy")
        [answer] = await rb.server.wait_for(7601)
        assert answer.text.startswith(words("nocode-title"))
