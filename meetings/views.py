"""Meeting pages: the city's archive, and one meeting's agenda. Thin views over meetings.selectors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cities.errors import NotFound
from cities.models import City
from cities.pages import city_page
from meetings.selectors import meetings as selectors


@city_page
def meeting_archive(request: HttpRequest, city: City) -> HttpResponse:
    page = selectors.city_meetings_page(city=city, cursor=request.GET.get("cursor") or None)
    return render(request, "meetings/archive.html", {"city": city, "page": page})


@city_page
def meeting_detail(request: HttpRequest, city: City, meeting_id: int) -> HttpResponse:
    found = selectors.meeting_agenda(city=city, meeting_id=meeting_id)
    if found is None:
        raise NotFound("No such meeting in this city.")
    meeting, consent, regular = found
    return render(
        request, "meetings/meeting.html", {"city": city, "meeting": meeting, "consent": consent, "regular": regular}
    )
