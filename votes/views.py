"""Residents' pages: thin views over votes.selectors, cached per city version in Redis."""

from __future__ import annotations

import csv
import functools
import hashlib
from collections.abc import Callable, Iterator

from django import forms
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from cities.cache import city_cache_version
from cities.errors import InvalidInput
from cities.models import City
from votes import selectors
from votes.models import VoteChoice

PAGE_CACHE_SECONDS = 300


def _city_or_404(city_key: str) -> City:
    city = cache.get(f"cities:by-key:{city_key}")
    if city is None:
        city = selectors.city_by_key(city_key=city_key)
        if city is None:
            raise Http404("We don't have a city with that name.")
        cache.set(f"cities:by-key:{city_key}", city, 60)
    return city


def city_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve the city; serve a cached copy of the page for this city version and URL.

    The version in the key (bumped by ingestion and admin edits) makes stale copies unreachable.
    The ETag is the key, so a browser revalidating an unchanged page gets a 304 with no work.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, city_key: str, **kwargs) -> HttpResponse:
        city = _city_or_404(city_key)
        version = city_cache_version(city_id=city.id)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"page:{city.id}:v{version}:{digest}"
        etag = f'"{key}"'
        if request.headers.get("If-None-Match") == etag:
            return HttpResponse(status=304, headers={"ETag": etag})
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, city=city, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(key, (response.content, response["Content-Type"]), PAGE_CACHE_SECONDS)
        if response.status_code == 200:
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=60)
        return response

    return require_safe(wrapper)


def bad_request(request: HttpRequest, message: str, city: City | None = None) -> HttpResponse:
    return render(request, "400.html", {"message": message, "city": city}, status=400)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    cached = cache.get("page:home")
    if cached is None:
        cached = render(request, "votes/home.html", {"cities": selectors.home_cities()}).content
        cache.set("page:home", cached, 60)
    return HttpResponse(cached)


@city_page
def city_detail(request: HttpRequest, city: City) -> HttpResponse:
    return render(
        request,
        "votes/city.html",
        {
            "city": city,
            "council": selectors.current_council(city_ids=[city.id])[city.id],
            "recent": selectors.city_meetings(city=city, upcoming=False),
            "upcoming": selectors.city_meetings(city=city, upcoming=True, limit=5),
            "figures": selectors.city_figures(city=city),
        },
    )


@city_page
def meeting_detail(request: HttpRequest, city: City, meeting_id: int) -> HttpResponse:
    found = selectors.meeting_detail(city=city, meeting_id=meeting_id)
    if found is None:
        raise Http404("No such meeting in this city.")
    meeting, consent, regular = found
    return render(
        request, "votes/meeting.html", {"city": city, "meeting": meeting, "consent": consent, "regular": regular}
    )


@city_page
def item_detail(request: HttpRequest, city: City, item_id: int) -> HttpResponse:
    detail = selectors.item_detail(city=city, item_id=item_id)
    if detail is None:
        raise Http404("No such agenda item in this city.")
    return render(request, "votes/item.html", {"city": city, "detail": detail})


class RecordFilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    choice = forms.ChoiceField(required=False, choices=[("", "Any vote")] + [(c.value, c.label) for c in VoteChoice])
    category = forms.IntegerField(required=False, min_value=1)
    split = forms.BooleanField(required=False, label="Only split votes")
    q = forms.CharField(required=False, max_length=200, strip=True, label="Title contains")
    cursor = forms.CharField(required=False, max_length=600)

    def filters(self) -> selectors.RecordFilters:
        data = self.cleaned_data
        return selectors.RecordFilters(
            year=data["year"],
            choice=data["choice"] or None,
            category=data["category"],
            split_only=data["split"],
            text=data["q"],
        )


def _record_form(request: HttpRequest) -> RecordFilterForm:
    form = RecordFilterForm(request.GET)
    if not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        raise InvalidInput(f"Some filters are not valid ({problems}).", code="bad_filter")
    return form


def _member_or_404(city: City, member_id: int):
    member = selectors.member_for_city(city=city, member_id=member_id)
    if member is None:
        raise Http404("No such council member in this city.")
    return member


@city_page
def member_detail(request: HttpRequest, city: City, member_id: int) -> HttpResponse:
    member = _member_or_404(city, member_id)
    try:
        form = _record_form(request)
        page = selectors.member_record_page(member=member, filters=form.filters(), cursor=form.cleaned_data["cursor"])
    except InvalidInput as error:
        return bad_request(request, error.message, city)
    summaries = selectors.member_summaries(member=member)
    return render(
        request,
        "votes/member.html",
        {
            "city": city,
            "member": member,
            "terms": list(member.terms.all()),
            "summaries": summaries,
            "chart_max": max((s.total_votes for s in summaries), default=0),
            "agreement": selectors.member_agreement(member=member),
            "form": form,
            "page": page,
            "categories": selectors.city_categories(city=city),
            "filter_query": _without_cursor(request),
            "choices": [c.value for c in VoteChoice],
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
def member_record_csv(request: HttpRequest, city_key: str, member_id: int) -> HttpResponse:
    """The whole (filtered) record, streamed: rows are read in chunks, never held in memory."""
    city = _city_or_404(city_key)
    member = _member_or_404(city, member_id)
    try:
        form = _record_form(request)
    except InvalidInput as error:
        return bad_request(request, error.message, city)
    rows = selectors.member_record_queryset(member=member, filters=form.filters()).order_by("-meeting_date", "-id")
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(["date", "meeting", "item number", "title", "vote", "as recorded", "outcome", "tally"])
        for mv in rows.iterator(chunk_size=2000):
            vote = mv.vote
            item = vote.agenda_item
            outcome = "" if vote.passed is None else ("Passed" if vote.passed else "Failed")
            yield writer.writerow(
                [
                    mv.meeting_date.isoformat(),
                    item.meeting.meeting_type,
                    item.item_number,
                    _csv_safe(item.title),
                    mv.vote_choice,
                    _csv_safe(mv.raw_value),
                    outcome,
                    vote.tally,
                ]
            )

    filename = f"{city.city_key}-{member.full_name.lower().replace(' ', '-')}-votes.csv"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_safe(text: str) -> str:
    """Text from outside must not become a spreadsheet formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class TitleSearchForm(forms.Form):
    q = forms.CharField(min_length=2, max_length=200, strip=True)
    cursor = forms.CharField(required=False, max_length=600)


@city_page
def item_search(request: HttpRequest, city: City) -> HttpResponse:
    form = TitleSearchForm(request.GET)
    page = None
    if form.is_valid():
        try:
            page = selectors.item_title_search(
                city=city, text=form.cleaned_data["q"], cursor=form.cleaned_data["cursor"] or None
            )
        except InvalidInput as error:
            return bad_request(request, error.message, city)
    status = 400 if request.GET.get("q") is not None and not form.is_valid() else 200
    return render(
        request,
        "votes/item_search.html",
        {"city": city, "form": form, "page": page, "filter_query": _without_cursor(request)},
        status=status,
    )


@city_page
def meeting_list(request: HttpRequest, city: City) -> HttpResponse:
    try:
        page = selectors.city_meetings_page(city=city, cursor=request.GET.get("cursor") or None)
    except InvalidInput as error:
        return bad_request(request, error.message, city)
    return render(request, "votes/meetings.html", {"city": city, "page": page})


def _without_cursor(request: HttpRequest) -> str:
    """The page's query string for its pager links, which add their own cursor."""
    query = request.GET.copy()
    query.pop("cursor", None)
    return query.urlencode()
