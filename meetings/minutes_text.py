"""The text of a minutes file, page by page: PDF (PyMuPDF) or plain text. Reading only; no writes.

PyMuPDF reads the text layer 10-25x faster than pypdf and pdfminer.six for the same text (AGPL-licensed,
as an open civic portal can be). Pages are yielded one at a time, so a 2,000-page file needs the memory
of one page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pymupdf

from meetings.errors import MinutesUnreadable

# Control characters never belong in minutes text; \x01/\x02 also mark search highlights.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WHITESPACE = re.compile(r"[ \t\r\f\v]+")
BLANK_LINES = re.compile(r"\n{3,}")
TEXT_PAGE_CHARS = 3000


def normalize_text(text: str) -> str:
    text = CONTROL_CHARS.sub(" ", text.replace("\x00", ""))
    lines = (WHITESPACE.sub(" ", line).strip() for line in text.split("\n"))
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def pdf_pages(path: Path) -> Iterator[str]:
    """Text of each page, one at a time."""
    try:
        document = pymupdf.open(path)
    except (pymupdf.FileDataError, RuntimeError, ValueError) as error:
        raise MinutesUnreadable(f"not a readable PDF ({error})") from error
    try:
        if document.needs_pass:
            raise MinutesUnreadable("the PDF is password-protected")
        for page in document.pages():
            yield normalize_text(page.get_text("text"))
    except RuntimeError as error:
        raise MinutesUnreadable(f"the PDF is damaged ({error})") from error
    finally:
        document.close()


def _text_chunks(raw: str) -> list[str]:
    """Split on form feeds, else into pages of about TEXT_PAGE_CHARS at line ends."""
    if "\f" in raw:
        return raw.split("\f")
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in raw.splitlines():
        current.append(line)
        size += len(line) + 1
        if size >= TEXT_PAGE_CHARS:
            chunks.append("\n".join(current))
            current, size = [], 0
    if current:
        chunks.append("\n".join(current))
    return chunks


def text_pages(path: Path) -> Iterator[str]:
    """A plain-text file as pages."""
    for chunk in _text_chunks(path.read_bytes().decode("utf-8", errors="replace")):
        yield normalize_text(chunk)


def document_pages(path: Path) -> Iterator[str]:
    """The pages of a PDF or a text file; MinutesUnreadable for anything else."""
    with open(path, "rb") as handle:
        head = handle.read(5)
    if head == b"%PDF-":
        return pdf_pages(path)
    if b"\x00" in head:
        raise MinutesUnreadable("neither a PDF nor a text file")
    return text_pages(path)
