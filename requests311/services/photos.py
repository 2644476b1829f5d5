"""Photos sent with residents' reports: kept in the media storage under a name nobody can guess."""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}


def report_photo_store(*, photo: UploadedFile, image_format: str) -> str:
    """Store a checked photo (JPEG or PNG, see ReportForm); returns its public URL path."""
    name = default_storage.save(f"311/{uuid.uuid4().hex}.{EXTENSIONS[image_format]}", photo)
    return default_storage.url(name)
