"""Reads a PDF's text in a child process:
`python -m meetings.pdf_reader FILE MAX_PAGES MAX_PAGE_CHARS MEMORY_MB CPU_SECONDS`.

PDFs come from outside, and a crafted one can take a parser's memory or time without bound; run here, under
its own limits (address space, CPU seconds; the parent holds a wall-clock deadline), the worst it can do is
end this process.
One JSON line per page on stdout (its text, normalized, cut at MAX_PAGE_CHARS); a last line
`{"error": ...}` when the file cannot be read or has more than MAX_PAGES pages. No Django here.
"""

from __future__ import annotations

import json
import resource
import sys


def main(path: str, max_pages: int, max_chars: int) -> int:
    import pymupdf  # after the limits: the parser's whole footprint counts against them

    from meetings.minutes_text import normalize_text

    out = sys.stdout
    try:
        document = pymupdf.open(path)
    except (pymupdf.FileDataError, RuntimeError, ValueError) as error:
        out.write(json.dumps({"error": f"not a readable PDF ({error})"}) + "\n")
        return 2
    try:
        if document.needs_pass:
            out.write(json.dumps({"error": "the PDF is password-protected"}) + "\n")
            return 2
        if document.page_count > max_pages:
            out.write(json.dumps({"error": f"{document.page_count:,} pages: more than the {max_pages:,} read"}) + "\n")
            return 2
        for page in document.pages():
            out.write(json.dumps({"text": normalize_text(page.get_text("text")[: max_chars * 2])[:max_chars]}) + "\n")
    except RuntimeError as error:
        out.write(json.dumps({"error": f"the PDF is damaged ({error})"}) + "\n")
        return 2
    finally:
        document.close()
    return 0


def limit(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


if __name__ == "__main__":
    limit(int(sys.argv[4]), int(sys.argv[5]))
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
