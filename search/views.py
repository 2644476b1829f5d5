"""Minutes search page and JSON API: one selector, two renderings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cities.errors import InvalidInput
from search.forms import SearchForm
from search.selectors import SearchPage, SearchParams, city_for_search, clean_query, search_minutes


def _run(request: HttpRequest) -> tuple[SearchForm, SearchPage]:
    form = SearchForm(request.GET)
    if not form.is_valid():
        problems = "; ".join(" ".join(errors) for errors in form.errors.values())
        raise InvalidInput(f"This search could not be read: {problems}", code="bad_search")
    data = form.cleaned_data
    city = city_for_search(data["city"])
    if data["city"] and city is None:
        raise InvalidInput("No city with that key.", code="unknown_city")
    params = SearchParams(
        q=clean_query(data["q"]),
        city=city,
        date_from=data["date_from"],
        date_to=data["date_to"],
        meeting_type=data["meeting_type"],
        document_kind=data["kind"],
        order=data["order"] or "newest",
    )
    return form, search_minutes(params, cursor=data["cursor"] or None)


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    try:
        form, page = _run(request)
    except InvalidInput as error:
        return render(request, "search/search.html", {"form": SearchForm(), "error": error.message}, status=400)
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(request, "search/search.html", {"form": form, "page": page, "filter_query": query.urlencode()})


@require_safe
def search_api(request: HttpRequest) -> JsonResponse:
    try:
        form, page = _run(request)
    except InvalidInput as error:
        return JsonResponse({"error": {"code": error.code, "message": error.message}}, status=400)
    return JsonResponse(
        {
            "estimated_total": page.estimated_total,
            "order": form.cleaned_data["order"] or "newest",
            "ranked_within": page.ranked_within,
            "message": page.message,
            "next_cursor": page.next_cursor,
            "previous_cursor": page.previous_cursor,
            "results": [
                {
                    "page_id": hit.id,
                    "city": hit.city_key,
                    "city_name": hit.city_name,
                    "meeting_id": hit.meeting_id,
                    "meeting_type": hit.meeting_type,
                    "meeting_date": hit.meeting_date.isoformat(),
                    "document_id": hit.document_id,
                    "document_title": hit.document_title,
                    "page_number": hit.page_number,
                    "page_url": f"{hit.document_url}#page={hit.page_number}" if hit.document_url else "",
                    "snippet_html": hit.snippet_html,
                }
                for hit in page.hits
            ],
        }
    )
