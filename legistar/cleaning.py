"""Source text made plain: what Legistar sends is HTML-ish, with entities, stray whitespace and NULs."""

from __future__ import annotations

import html
from typing import Any

from django.utils.html import strip_tags


def clean_text(value: Any, limit: int | None = None) -> str:
    """Source text as plain text: tags stripped, entities decoded, whitespace folded, NULs dropped."""
    if value is None:
        return ""
    text = str(value)
    if "<" in text or "&" in text:  # most values have neither: skip the HTML parser
        text = html.unescape(strip_tags(text))
    text = " ".join(text.replace("\x00", "").split())
    return text[:limit] if limit else text


def clean_url(value: Any, limit: int = 500) -> str:
    """An http(s) link from the source, or "" for anything else."""
    text = str(value or "").strip()
    return text[:limit] if text.startswith(("http://", "https://")) else ""
