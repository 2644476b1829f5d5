"""Requests no view should see, answered once for every view in the caller's format."""

from __future__ import annotations

import json
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

NUL_MESSAGE = "The request contains a NUL character (%00), which no field accepts."
TOO_BIG_MESSAGE = "The request's form data is too large."
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(request: HttpRequest) -> bool:
    sources = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        sources.append(request.POST)
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for params in sources
        for key, values in params.lists()
    )


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 shaped like the answers of the part of the site that was asked."""
    if request.path.startswith("/open311/"):  # GeoReport v2's error list, in the asked-for format
        if request.path.endswith(".xml"):
            return HttpResponse(
                f'<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code>'
                f"<description>{escape(message)}</description></error></errors>",
                content_type="text/xml; charset=utf-8",
                status=400,
            )
        return HttpResponse(
            json.dumps([{"code": 400, "description": message}]), content_type="application/json", status=400
        )
    if request.path.startswith("/api/"):
        return HttpResponse(
            json.dumps({"error": {"code": "invalid", "message": message}}), content_type="application/json", status=400
        )
    return render(request, "400.html", {"message": message}, status=400)


def reject_unreadable_requests(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """A NUL in a query or form parameter (PostgreSQL text cannot hold one: the first query to carry
    it failed with a 500), or form data over DATA_UPLOAD_MAX_MEMORY_SIZE (Django's bare HTML 400)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            if _has_nul(request):
                return bad_request(request, NUL_MESSAGE)
        except RequestDataTooBig:
            return bad_request(request, TOO_BIG_MESSAGE)
        return get_response(request)

    return middleware
