"""Meeting pages: the city's archive and one meeting's agenda; the legislation list; the city's bodies and one
body. Thin views over meetings.selectors (a matter's story, with its roll calls, is votes.views)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cities.errors import NotFound
from cities.models import City
from cities.pages import city_page, query_without_cursor
from cities.selectors import city_members
from meetings.forms import LegislationFilterForm
from meetings.selectors import bodies as body_selectors
from meetings.selectors import matters as matter_selectors
from meetings.selectors import meetings as selectors


@city_page(reads=("cursor",))
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
