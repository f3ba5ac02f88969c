"""Receipt and pack photos are personal data: we keep a re-encoded copy with no EXIF (no GPS, no device).

clean_image decodes a user's file, so it runs in the decoder worker processes (DecoderPool.run),
never in the bot's own process, behind the same guards as the check path (verification.image).
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps

from verification.image import ImageError, TooLarge, TooManyPixels, open_image

MAX_SIDE = 2560          # enough to read a receipt; bounds what we store


class ImageRefused(ValueError):
    """Why an upload is not kept: not_an_image or too_large."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)  # args stay (reason,) so the error pickles across a process pool
        self.reason = reason


@dataclass(frozen=True)
class CleanImage:
    data: bytes   # JPEG, no metadata
    width: int
    height: int


def clean_image(data: bytes) -> CleanImage:
    """Re-encode an image as a metadata-free JPEG, upright (EXIF orientation applied) and at most MAX_SIDE.

    Raises ImageRefused: too_large beyond the check path's byte and pixel limits, else not_an_image.
    """
    try:
        img = open_image(data)
    except (TooLarge, TooManyPixels):
        raise ImageRefused("too_large") from None
    except ImageError:
        raise ImageRefused("not_an_image") from None
    try:
        img.draft(None, (MAX_SIDE, MAX_SIDE))  # a big JPEG decodes at a fraction of its size, still >= MAX_SIDE
        img = ImageOps.exif_transpose(img)
        img.thumbnail((MAX_SIDE, MAX_SIDE))
        if img.mode not in ("RGB", "L"):
            img = img.convert("RGB")
        # A fresh image carries pixels only: no EXIF, XMP, ICC comments or GPS can leak through.
        bare = Image.new(img.mode, img.size)
        bare.paste(img)
    except (OSError, ValueError, SyntaxError, EOFError):  # cut off or corrupt past its header
        raise ImageRefused("not_an_image") from None
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=88, optimize=True)
    return CleanImage(out.getvalue(), bare.width, bare.height)
