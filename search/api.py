"""GET /api/search/: minutes search as JSON, with the API's throttles and error shape."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cities.api_base import API_THROTTLES
from cities.errors import InvalidInput
from cities.forms import form_problems
from search.forms import SearchForm
from search.selectors import search_minutes


class SearchApi(APIView):
    throttle_classes = API_THROTTLES

    @extend_schema(
        summary="Search meeting minutes",
        description=(
            "Full-text search of minutes, agendas and transcripts, newest first (or `order=relevance` among the "
            'newest 1,000 matches). Web-search syntax: `"exact phrase"`, `OR`, `-exclude`. Page with `next_cursor`.'
        ),
        parameters=[
            OpenApiParameter("q", str, description='Words to find, e.g. `"affordable housing" -parking`'),
            OpenApiParameter("city", str, description="A city key, e.g. `riverton`"),
            OpenApiParameter("date_from", str, description="YYYY-MM-DD"),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD"),
            OpenApiParameter("meeting_type", str, description="Any part of a meeting or body name, e.g. `finance`"),
            OpenApiParameter("kind", str, enum=["minutes", "agenda", "transcript"]),
            OpenApiParameter("order", str, enum=["newest", "relevance"]),
            OpenApiParameter("cursor", str, description="`next_cursor` or `previous_cursor` of an earlier answer"),
        ],
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        form = SearchForm(request.query_params)
        if not form.is_valid():
            fields = {name: [str(error) for error in errors] for name, errors in form.errors.items()}
            raise InvalidInput(
                f"This search could not be read: {form_problems(form)}", code="bad_search", fields=fields
            )
        page = search_minutes(form.params(), cursor=form.cleaned_data["cursor"] or None)
        return Response(
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
                        "page_url": request.build_absolute_uri(
                            reverse("meetings:document-page", args=[hit.city_key, hit.document_id, hit.page_number])
                            + "?"
                            + urlencode({"q": form.cleaned_data["q"]})
                        ),
                        "file_url": f"{hit.document_url}#page={hit.page_number}" if hit.document_url else "",
                        "snippet_html": hit.snippet_html,
                    }
                    for hit in page.hits
                ],
            }
        )
