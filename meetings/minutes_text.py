"""The text of a minutes file, page by page: PDF (PyMuPDF, in a child process: meetings.pdf_reader) or plain
text. Reading only; no writes.

PyMuPDF reads the text layer 10-25x faster than pypdf and pdfminer.six for the same text (AGPL-licensed,
as an open civic portal can be). Pages are yielded one at a time, so a 2,000-page file needs the memory
of one page.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

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
    """Text of each page, one at a time, read by `meetings.pdf_reader` in a child process under memory, CPU,
    time, page and per-page text limits: a file over them is MinutesUnreadable, never a dead worker."""
    limits = (settings.MINUTES_MAX_PAGES, settings.MINUTES_MAX_PAGE_CHARS, settings.MINUTES_PDF_MEMORY_MB,
              int(settings.MINUTES_PDF_SECONDS))  # fmt: skip
    command = [sys.executable, "-m", "meetings.pdf_reader", str(path), *map(str, limits)]
    deadline = time.monotonic() + settings.MINUTES_PDF_SECONDS
    child = subprocess.Popen(  # noqa: S603  (our own module, no shell)
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=settings.BASE_DIR
    )
    assert child.stdout is not None
    timer = threading.Timer(settings.MINUTES_PDF_SECONDS, child.kill)
    timer.start()
    try:
        for line in child.stdout:
            row = json.loads(line)
            if "error" in row:
                raise MinutesUnreadable(row["error"])
            yield row["text"]
        child.wait()
    finally:
        timer.cancel()
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    if child.returncode != 0:
        overdue = time.monotonic() >= deadline
        raise MinutesUnreadable(
            f"reading the PDF took longer than {settings.MINUTES_PDF_SECONDS:g} s"
            if overdue
            else f"reading the PDF went over its limits ({settings.MINUTES_PDF_MEMORY_MB} MB, exit {child.returncode})"
        )


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
