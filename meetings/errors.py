"""Errors of meetings' writes that a caller (a task, a command, staff) gets to see."""

from cities.errors import InvalidInput


class MinutesUnreadable(InvalidInput):
    """A minutes file could not be read into pages; the message says why (stored on the document)."""

    code = "minutes_unreadable"
    page_count = 0  # pages read before it stopped


class MinutesScanned(MinutesUnreadable):
    """The file is a scan without a text layer: it needs OCR before it can be searched."""

    code = "minutes_scanned"
