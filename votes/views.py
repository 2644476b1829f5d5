"""Council pages: all cities, one city's council, an item's vote, a matter's story, a member's record. Thin
views over votes.selectors (and meetings.selectors for the meetings and legislation they list); errors are
raised, never caught here."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from cities.cache import CITY_LISTS_SECONDS, city_cache_version
from cities.errors import NotFound
from cities.forms import FilterForm
from cities.models import City
from cities.pages import city_from_url, city_page, proxy_cacheable, query_without_cursor
from cities.selectors import city_today, current_council, former_council
from meetings.selectors.matters import matter_by_file_number
from meetings.selectors.meetings import city_meetings
from votes import profiles, selectors, title_search
from votes.models import VoteChoice

HEX_COLOR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")

HOME_CACHE_SECONDS = 60


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    cached = cache.get("page:home")
    if cached is None:
        cached = render(request, "votes/home.html", {"home": selectors.home_cities()}).content
        cache.set("page:home", cached, HOME_CACHE_SECONDS)
    response = HttpResponse(cached)
    proxy_cacheable(response)
    return response


@city_page
def city_colors(request: HttpRequest, city: City) -> HttpResponse:
    """The city's two colours as a stylesheet of its own (the CSP allows no inline style). The colours are
    validated on save; a value that is not a hex colour anyway falls back to the site's."""
    primary = city.primary_color if HEX_COLOR.fullmatch(city.primary_color) else "#1f3a5f"
    secondary = city.secondary_color if HEX_COLOR.fullmatch(city.secondary_color) else "#f2b632"
    return HttpResponse(f":root {{ --primary: {primary}; --secondary: {secondary}; }}\n", content_type="text/css")


@city_page(reads=("cursor",))
def split_votes(request: HttpRequest, city: City) -> HttpResponse:
    page = selectors.city_split_votes_page(city=city, cursor=request.GET.get("cursor") or None)
    return render(request, "votes/split_votes.html", {"city": city, "page": page})


@city_page
def city_detail(request: HttpRequest, city: City) -> HttpResponse:
    return render(
        request,
        "votes/city.html",
        {
            "city": city,
            "council": current_council(cities=[city])[city.pk],
            "former": former_council(city=city),
            "recent": city_meetings(city=city, upcoming=False),
            "upcoming": city_meetings(city=city, upcoming=True, limit=5),
            "figures": selectors.city_figures(city=city),
        },
    )


@city_page
def item_detail(request: HttpRequest, city: City, item_id: int) -> HttpResponse:
    detail = selectors.item_detail(city=city, item_id=item_id)
    if detail is None:
        raise NotFound("No such agenda item in this city.")
    return render(request, "votes/item.html", {"city": city, "detail": detail})


@city_page
def matter_detail(request: HttpRequest, city: City, matter_id: int) -> HttpResponse:
    story = selectors.matter_story(city=city, matter_id=matter_id)
    if story is None:
        raise NotFound("No such legislation in this city.")
    return render(request, "votes/matter.html", {"city": city, "story": story})


class RecordFilterForm(FilterForm):
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    choice = forms.ChoiceField(required=False, choices=[("", "Any vote")] + [(c.value, c.label) for c in VoteChoice])
    category = forms.IntegerField(required=False, min_value=1)
    split = forms.BooleanField(required=False, label="Only split votes")
    q = forms.CharField(required=False, max_length=200, strip=True, label="Title contains")
    cursor = forms.CharField(required=False, max_length=600)
    start = forms.IntegerField(required=False, min_value=1, max_value=10_000_000)

    def filters(self) -> selectors.RecordFilters:
        data = self.cleaned_data
        return selectors.RecordFilters(
            year=data["year"],
            choice=data["choice"] or None,
            category=data["category"],
            split_only=data["split"],
            text=data["q"],
        )


NO_SUCH_MEMBER = "No such council member in this city."


def _profile(city: City, member_id: int) -> profiles.MemberProfile:
    profile = profiles.member_profile(city=city, member_id=member_id)
    if profile is None:
        raise NotFound(NO_SUCH_MEMBER)
    return profile


@city_page(reads=tuple(RecordFilterForm.base_fields))
def member_detail(request: HttpRequest, city: City, member_id: int) -> HttpResponse:
    profile = _profile(city, member_id)
    member = profile.member
    form = RecordFilterForm.read(request)
    filters = form.filters()
    page = selectors.member_record_page(member=member, filters=filters, cursor=form.cleaned_data["cursor"])
    total = selectors.member_record_total(member=member, filters=filters, summaries=profile.summaries)
    return render(
        request,
        "votes/member.html",
        {
            "city": city,
            "city_version": city_cache_version(city_id=city.pk),
            "profile_seconds": CITY_LISTS_SECONDS,
            "member": member,
            "profile": profile,
            "today": city_today(city),
            "chart_max": max((s.total_votes for s in profile.summaries), default=0),
            "form": form,
            "page": page,
            "categories": selectors.city_categories(city=city),
            "filter_query": query_without_cursor(request, also=("start",)),
            "numbers": record_numbers(start=form.cleaned_data["start"], shown=len(page.rows), total=total),
            "choices": [c.value for c in VoteChoice],
        },
    )


def record_numbers(*, start: int | None, shown: int, total: int) -> dict[str, int]:
    """Which votes of how many the page shows (51 to 100 of 598), and where the pages either side start.
    The position rides in the URL beside the cursor; one past the end (typed by hand) counts from 1 again."""
    first = start if start and start <= total else 1
    return {
        "start": first,
        "end": first + shown - 1,
        "total": total,
        "next_start": first + shown,
        "previous_start": max(1, first - selectors.RECORD_PAGE_SIZE),
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_row(cells: list[object]) -> list[str]:
    """Every cell, not only the ones that look like text from outside (meeting types and item numbers come
    from the source too): one that a spreadsheet would read as a formula is prefixed with a quote."""
    texts = [str(cell) for cell in cells]
    return ["'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text for text in texts]


@require_safe
def member_record_csv(request: HttpRequest, city_key: str, member_id: int) -> StreamingHttpResponse:
    """The whole (filtered) record, streamed: rows are read in chunks, never held in memory."""
    city = city_from_url(request, city_key)
    # Not through the cached profile: this view is not a city_page, which reads from the primary just after a
    # change, so what it built could be cached from a replica that does not show the change yet.
    member = profiles.member_for_city(city=city, member_id=member_id)
    if member is None:
        raise NotFound(NO_SUCH_MEMBER)
    form = RecordFilterForm.read(request)
    rows = selectors.member_record_queryset(member=member, filters=form.filters()).order_by("-meeting_date", "-id")
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(["date", "meeting", "item number", "title", "vote", "as recorded", "outcome", "tally"])
        for mv in rows.iterator(chunk_size=2000):
            vote = mv.vote
            item = vote.agenda_item
            outcome = "" if vote.passed is None else ("Passed" if vote.passed else "Failed")
            yield writer.writerow(
                _csv_row(
                    [
                        mv.meeting_date.isoformat(),
                        item.meeting.meeting_type,
                        item.item_number,
                        item.title,
                        mv.vote_choice,
                        mv.raw_value,
                        outcome,
                        vote.tally,
                    ]
                )
            )

    filename = f"{city.city_key}-{slugify(member.full_name) or 'member'}-votes.csv"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


class TitleSearchForm(forms.Form):
    q = forms.CharField(min_length=2, max_length=200, strip=True)
    cursor = forms.CharField(required=False, max_length=600)


@city_page(reads=tuple(TitleSearchForm.base_fields))
def item_search(request: HttpRequest, city: City) -> HttpResponse:
    form = TitleSearchForm(request.GET)
    page = None
    if form.is_valid() and not form.cleaned_data["cursor"]:
        matter = matter_by_file_number(city=city, text=form.cleaned_data["q"])
        if matter is not None:  # a file number typed as such leads straight to its matter
            return redirect("votes:matter", city.city_key, matter.pk)
    close: list = []
    if form.is_valid():
        text, cursor = form.cleaned_data["q"], form.cleaned_data["cursor"] or None
        page = title_search.item_title_search(city=city, text=text, cursor=cursor)
        if not page.rows and not cursor:
            close = title_search.close_titles(city=city, text=text)
    status = 400 if request.GET.get("q") is not None and not form.is_valid() else 200
    context = {
        "city": city, "form": form, "page": page, "close_titles": close, "filter_query": query_without_cursor(request)
    }  # fmt: skip
    return render(request, "votes/item_search.html", context, status=status)
