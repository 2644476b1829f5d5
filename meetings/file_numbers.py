"""File numbers as people type them: "Int 0047-2024", "int 47-2024" and "0047-2024" name one matter.

A file number becomes its words and numbers, lower case, leading zeros dropped ("int 47 2024"); the numbers
alone ("47 2024") find it when typed without the prefix.
"""

from __future__ import annotations

import re
from typing import NamedTuple

TOKENS = re.compile(r"[a-z]+|\d+")


class FileKeys(NamedTuple):
    file_key: str
    number_key: str


def file_keys(file_number: str) -> FileKeys:
    tokens = [token.lstrip("0") or "0" if token.isdigit() else token for token in TOKENS.findall(file_number.lower())]
    numbers = [token for token in tokens if token.isdigit()]
    return FileKeys(" ".join(tokens)[:60], " ".join(numbers)[:60])


def looks_like_file_number(text: str) -> bool:
    """Whether typed text is (probably) a file number rather than words: it has a number of two digits or more
    and at most one word ("Int 47-2024", "LU 1505-1997", "260506", "24-1160"); a "quoted phrase" is a
    search for those words, not a file number."""
    if '"' in text:
        return False
    tokens = TOKENS.findall(text.lower())
    words = [t for t in tokens if not t.isdigit()]
    return any(t.isdigit() and len(t) >= 2 for t in tokens) and len(words) <= 1 and len(text) <= 50
