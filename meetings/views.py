"""Meeting pages: the city's archive, one meeting's agenda and one page of its documents; the legislation list;
the city's bodies and one body. Thin views over meetings.selectors (a matter's story, with its roll calls, is
votes.views)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cities.errors import NotFound
from cities.models import City
from cities.pages import city_page, query_without_cursor
from cities.selectors import city_members
from meetings.forms import ArchiveFilterForm, LegislationFilterForm
from meetings.selectors import bodies as body_selectors
from meetings.selectors import matters as matter_selectors
from meetings.selectors import meetings as selectors
from meetings.selectors.minutes import document_page, meeting_documents


@city_page(reads=tuple(ArchiveFilterForm.base_fields))
def meeting_archive(request: HttpRequest, city: City) -> HttpResponse:
    form = ArchiveFilterForm.read(request)
    data = form.cleaned_data
    page = selectors.city_meetings_page(
        city=city, cursor=data["cursor"] or None, year=data["year"], body_id=data["body"]
    )
    context = {
        "city": city,
        "form": form,
        "page": page,
        "years": selectors.meeting_years(city=city),
        "bodies": body_selectors.city_bodies(city=city),
        "filter_query": query_without_cursor(request),
    }
    return render(request, "meetings/archive.html", context)


@city_page
def meeting_detail(request: HttpRequest, city: City, meeting_id: int) -> HttpResponse:
    found = selectors.meeting_agenda(city=city, meeting_id=meeting_id)
    if found is None:
        raise NotFound("No such meeting in this city.")
    meeting, consent, regular = found
    context = {
        "city": city,
        "meeting": meeting,
        "consent": consent,
        "regular": regular,
        "documents": meeting_documents(meeting_id=meeting.pk),
        "attendance": selectors.meeting_attendance(meeting_id=meeting.pk),
    }
    return render(request, "meetings/meeting.html", context)


@city_page(reads=tuple(LegislationFilterForm.base_fields))
def legislation(request: HttpRequest, city: City) -> HttpResponse:
    form = LegislationFilterForm.read(request)
    page = matter_selectors.matters_page(city=city, filters=form.filters(), cursor=form.cleaned_data["cursor"] or None)
    types, statuses = matter_selectors.matter_types_and_statuses(city=city)
    context = {
        "city": city,
        "form": form,
        "page": page,
        "types": types,
        "statuses": statuses,
        "bodies": body_selectors.city_bodies(city=city),
        "members": city_members(city=city),
        "filter_query": query_without_cursor(request),
    }
    return render(request, "meetings/legislation.html", context)


@city_page
def body_list(request: HttpRequest, city: City) -> HttpResponse:
    return render(request, "meetings/bodies.html", {"city": city, "bodies": body_selectors.city_bodies(city=city)})


@city_page
def body_detail(request: HttpRequest, city: City, body_id: int) -> HttpResponse:
    detail = body_selectors.body_detail(city=city, body_id=body_id)
    if detail is None:
        raise NotFound("No such committee or body in this city.")
    return render(request, "meetings/body.html", {"city": city, "detail": detail})


MARKED_QUERY_MAX = 300  # as long as a minutes search may be


@city_page(reads=("q",))
def document_page_view(request: HttpRequest, city: City, document_id: int, page_number: int) -> HttpResponse:
    """One page of a minutes, agenda or transcript document, as a search hit quotes it: its text with the
    search's words marked, the pages either side, and the way to the meeting and the original file."""
    q = " ".join(request.GET.get("q", "").split())[:MARKED_QUERY_MAX]
    found = document_page(city=city, document_id=document_id, page_number=page_number, q=q)
    if found is None:
        raise NotFound("No such document in this city.")
    document = found.document
    if not found.found and not 1 <= page_number <= max(document.page_count, 1):
        raise NotFound(f"This document has {document.page_count} page{'s' if document.page_count != 1 else ''}.")
    context = {
        "city": city,
        "page": found,
        "meeting": document.meeting,
        "q": q,
        "previous": page_number - 1 if page_number > 1 else None,
        "next": page_number + 1 if page_number < document.page_count else None,
    }
    return render(request, "meetings/document_page.html", context)
