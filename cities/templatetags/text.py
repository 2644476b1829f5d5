"""Text filters and tags for the pages' hot loops."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter(is_safe=True)
def clip(text: str | None, length: int) -> str:
    """`text` cut to `length` characters with an ellipsis. Unlike `truncatechars`, which walks every
    character of the text in Python, it only slices: record and list pages clip hundreds of long titles."""
    if not text:
        return ""
    if len(text) <= length:
        return text
    return text[: length - 1].rstrip() + "\u2026"


@register.simple_tag
def options(items: Iterable[Any], chosen: Any, value: str = "", label: str = "") -> SafeString:
    """The <option>s of a <select>, the one whose value equals `chosen` selected. An item gives its value and
    label as the attributes named, or is both itself. Built here, every value and label escaped, because a
    template loop costs per option about what a whole table row does, and filter lists hold dozens."""
    html = []
    for item in items:
        key = getattr(item, value) if value else item
        shown = getattr(item, label) if label else item
        selected = mark_safe(" selected") if key == chosen else ""
        html.append(format_html('<option value="{}"{}>{}</option>', key, selected, shown))
    return mark_safe("".join(html))  # noqa: S308 - each part built by format_html
