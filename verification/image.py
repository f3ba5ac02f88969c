"""Open a user's image: the guards every upload passes (open_image), and the upright grey copy decoding reads.

Each refusal is its own ImageError subclass whose `reason` is a locale key suffix
(`check-image-{reason}`), so the bot can say what went wrong.
"""
from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image, ImageOps, UnidentifiedImageError

try:  # iPhones send HEIC when a photo goes as a file
    from pillow_heif import register_heif_opener
    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pass

MAX_BYTES = 20 * 1024 * 1024   # Telegram's own download limit for bots
MAX_PIXELS = 40_000_000        # a 40 MP grey copy is 40 MB: more than any phone sends, less than a bomb


class ImageError(Exception):
    """An upload we cannot decode; `reason` names why (a locale key suffix)."""

    reason = "not_an_image"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)  # args stay (detail,) so the error pickles across a process pool
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}" if self.detail else self.reason


class NotAnImage(ImageError):
    reason = "not_an_image"


class TooLarge(ImageError):
    reason = "too_large"


class TooManyPixels(ImageError):
    reason = "too_many_pixels"


class Truncated(ImageError):
    reason = "truncated"


def open_image(data: bytes) -> Image.Image:
    """Open `data` after the guards every user image passes (the check path and receipts alike).

    Only the header is read: raises TooLarge (> MAX_BYTES), NotAnImage or TooManyPixels (> MAX_PIXELS,
    a decompression bomb included) before a single pixel is decoded.
    """
    if len(data) > MAX_BYTES:
        raise TooLarge(f"{len(data)} bytes")
    with _bombs_are_errors():
        try:
            img = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise TooManyPixels(str(exc)) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
            raise NotAnImage(str(exc)) from None
    width, height = img.size
    if width * height > MAX_PIXELS:
        raise TooManyPixels(f"{width}x{height}")
    return img


def load_image(data: bytes) -> Image.Image:
    """Decode `data` (JPEG, PNG, WebP, GIF first frame, BMP, TIFF, HEIC...) into an upright grey ("L") image.

    Raises what open_image raises, or Truncated (a cut-off or corrupt file); all are ImageError.
    """
    img = open_image(data)
    if img.format == "JPEG":
        img.draft("L", img.size)  # decode the brightness only: half the time, and all we read
    with _bombs_are_errors():
        try:
            img.load()  # decode everything now: a cut-off file fails here, not inside a decoder
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise TooManyPixels(str(exc)) from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise Truncated(str(exc)) from None
    return _grey(_upright(img))


@contextmanager
def _bombs_are_errors() -> Iterator[None]:
    """PIL only warns below twice its own limit: make every bomb an error, before pixels are decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _upright(img: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(img)
    except Exception:  # a broken EXIF block must not cost us the picture
        return img


def _grey(img: Image.Image) -> Image.Image:
    if img.mode in ("I;16", "I;16L", "I;16B", "I"):
        return img.convert("I").point(lambda v: v * (1 / 256)).convert("L")  # 16-bit would clip to white
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # Transparent pixels are often black underneath: show the code on white as a viewer would.
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    return img.convert("L")
