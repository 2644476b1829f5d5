"""The minutes search page: one form, one selector. A form it cannot read is shown again with what is wrong."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from cities.clients import address_rate_limit
from cities.forms import form_problems
from cities.models import City
from cities.pages import query_without_cursor
from cities.selectors import CITY_CHOICES_SECONDS, city_choices
from meetings.selectors.matters import matter_by_file_number
from meetings.selectors.meetings import city_meeting_types
from search.forms import SearchForm
from search.matching import PAGE_SIZE
from search.selectors import search_minutes


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    address_rate_limit(request, scope="search", per_minute=settings.SEARCH_RATE_PER_IP_PER_MINUTE)
    form = SearchForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "error": form_problems(form), **_choices(getattr(form, "found_city", None))}
        return render(request, "search/search.html", context, status=400)
    params = form.params()
    if not form.cleaned_data["cursor"] and (matter := matter_by_file_number(city=params.city, text=params.q)):
        # A file number typed as such leads straight to its matter, whose page lists the minutes that name it.
        return redirect("votes:matter", matter.city.city_key, matter.pk)
    page = search_minutes(params, cursor=form.cleaned_data["cursor"] or None)
    start = form.cleaned_data["start"] or 1
    numbers = {"start": start, "end": start + len(page.hits) - 1, "previous_start": max(1, start - PAGE_SIZE)}
    filter_query = query_without_cursor(request, also=("start",))
    context = {"form": form, "page": page, "filter_query": filter_query, **numbers, **_choices(params.city)}
    return render(request, "search/search.html", context)


def _choices(city: City | None) -> dict[str, object]:
    """The form's city list with the chosen city, and that city's meeting names to type ahead from. The list
    is rendered once per CITY_CHOICES_SECONDS per chosen city ({% cache %}, which calls `city_choices` only
    then): a city added meanwhile is offered that much later."""
    return {
        "city_choices": city_choices,
        "city_choices_seconds": CITY_CHOICES_SECONDS,
        "chosen_city_key": city.city_key if city else "",
        "meeting_types": city_meeting_types(city=city) if city else [],
    }
