"""Receipt and pack photos are personal data: we keep a re-encoded copy with no EXIF (no GPS, no device)."""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

try:  # iPhones send HEIC when a photo goes as a file
    from pillow_heif import register_heif_opener
    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pass

MAX_SIDE = 2560          # enough to read a receipt; bounds what we store
MAX_INPUT = 15 * 1024 * 1024
MAX_PIXELS = 60_000_000  # refuse decompression bombs before decoding them


class ImageRefused(ValueError):
    """Why an upload is not kept: not_an_image or too_large."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CleanImage:
    data: bytes   # JPEG, no metadata
    width: int
    height: int


def clean_image(data: bytes) -> CleanImage:
    """Re-encode an image as a metadata-free JPEG, upright (EXIF orientation applied) and at most MAX_SIDE."""
    if len(data) > MAX_INPUT:
        raise ImageRefused("too_large")
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > MAX_PIXELS:
                raise ImageRefused("too_large")
            img = ImageOps.exif_transpose(img)
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            if img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            # A fresh image carries pixels only: no EXIF, XMP, ICC comments or GPS can leak through.
            bare = Image.new(img.mode, img.size)
            bare.paste(img)
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ImageRefused("not_an_image") from None
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=88, optimize=True)
    return CleanImage(out.getvalue(), bare.width, bare.height)


def check_image(data: bytes) -> None:
    """Raise ImageRefused unless `data` is an image we can keep (used to answer at the step itself)."""
    clean_image(data)
