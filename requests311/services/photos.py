"""Photos sent with residents' reports: re-encoded here, then kept under a name nobody can guess.

A phone's photo carries EXIF: often the GPS position of where it was taken (the reporter's home), the
device, the time. Nothing of the upload is kept byte for byte: the pixels are decoded (within a pixel
budget, so a decompression bomb is refused before it is expanded), turned upright by their orientation tag,
and written again as a new JPEG or PNG with no metadata at all.
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from cities.errors import InvalidInput

EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}


class PhotoRefused(InvalidInput):
    code = "bad_photo"


def photo_clean(photo: UploadedFile) -> tuple[bytes, str]:
    """The photo re-encoded without metadata, and its format; PhotoRefused (a 400) for anything else: not a
    JPEG or PNG, damaged, or more pixels than OPEN311_PHOTO_MAX_PIXELS (checked from the header, before the
    pixels are expanded)."""
    if (photo.size or 0) > settings.OPEN311_PHOTO_MAX_BYTES:
        raise PhotoRefused(f"The photo is larger than {settings.OPEN311_PHOTO_MAX_BYTES // 1_000_000} MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(photo)
            if image.format not in EXTENSIONS:
                raise PhotoRefused("The photo must be a JPEG or PNG image.")
            width, height = image.size
            if width * height > settings.OPEN311_PHOTO_MAX_PIXELS:
                raise PhotoRefused("The photo has too many pixels; send a smaller one.")
            image_format = image.format
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoRefused("The photo has too many pixels; send a smaller one.") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise PhotoRefused("The photo must be a JPEG or PNG image.") from error
    upright = ImageOps.exif_transpose(image)
    if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    if image_format == "JPEG":
        upright.save(out, "JPEG", quality=85, optimize=True)  # no exif=, icc_profile= or comment: none kept
    else:
        upright.save(out, "PNG", optimize=True)
    return out.getvalue(), image_format


def report_photo_store(*, photo: bytes, image_format: str) -> str:
    """Store a cleaned photo (photo_clean); returns its public URL path."""
    name = default_storage.save(f"311/{uuid.uuid4().hex}.{EXTENSIONS[image_format]}", ContentFile(photo))
    return default_storage.url(name)
