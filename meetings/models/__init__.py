"""Meetings' tables: meetings and their agendas (`meetings`), legislation (`matters`), minutes text (`minutes`)."""

from meetings.models.matters import Matter, MatterAction, MatterAttachment, MatterSponsor, MatterText
from meetings.models.meetings import AgendaItem, AgendaItemCategory, Attendance, AttendanceValue, Document, Meeting
from meetings.models.minutes import MeetingPage, MinutesDocument

__all__ = [
    "AgendaItem",
    "AgendaItemCategory",
    "Attendance",
    "AttendanceValue",
    "Document",
    "Matter",
    "MatterAction",
    "MatterAttachment",
    "MatterSponsor",
    "MatterText",
    "Meeting",
    "MeetingPage",
    "MinutesDocument",
]
