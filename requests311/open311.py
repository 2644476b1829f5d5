"""GeoReport v2 at /open311/v2/: JSON or XML, errors as [{"code", "description"}] with 400/403/404."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from cities.clients import address_rate_limit
from cities.errors import ApplicationError, InvalidInput, NotFound
from cities.middleware import with_retry_after
from cities.models import City
from cities.selectors import city_by_key
from requests311 import selectors
from requests311.services.clients import open311_client_admit
from requests311.services.requests import request_validate, service_request_create

# Everything outside XML 1.0's Char production (C0 controls but tab, newline and CR; lone surrogates;
# U+FFFE and U+FFFF): one such character makes the whole document unreadable.
NOT_XML_CHARACTERS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: Any) -> str:
    """Text an XML 1.0 parser accepts, whatever the stored data's source (POSTs, imported feeds, admin)."""
    return NOT_XML_CHARACTERS.sub("", str(value))


# GeoReport v2's lists: the container's tag names each entry's tag.
XML_LIST_ENTRIES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}


def _xml_fill(node: ElementTree.Element, value: Any) -> None:
    """Objects become child elements in their key order, lists repeated entries, booleans true/false."""
    if isinstance(value, dict):
        for key, child in value.items():
            _xml_fill(ElementTree.SubElement(node, key), child)
    elif isinstance(value, list):
        for entry in value:
            _xml_fill(ElementTree.SubElement(node, XML_LIST_ENTRIES.get(node.tag, "value")), entry)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = _xml_text(value)


def _xml(root: str, content: list[dict[str, Any]] | dict[str, Any]) -> HttpResponse:
    top = ElementTree.Element(root)
    _xml_fill(top, content)
    body = ElementTree.tostring(top, encoding="unicode")
    return HttpResponse(f'<?xml version="1.0" encoding="utf-8"?>{body}', content_type="text/xml; charset=utf-8")


def _answer(fmt: str, root: str, content: list[dict[str, Any]] | dict[str, Any], status: int = 200) -> HttpResponse:
    if fmt == "xml":
        response = _xml(root, content)
        response.status_code = status
        return response
    return JsonResponse(content, safe=False, status=status)


def open311_error_response(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    """GeoReport v2's error list, in the format the path asked for (registered for /open311/)."""
    fmt = "xml" if request.path.endswith(".xml") else "json"
    response = _answer(fmt, "errors", [{"code": error.status, "description": error.message}], error.status)
    return with_retry_after(response, error)


Open311View = Callable[..., HttpResponse]


def open311_view(view: Open311View) -> Open311View:
    """The jurisdiction (a city key) in one place; every failure raised below is the spec's error list."""

    def wrapper(request: HttpRequest, fmt: str, **kwargs: str) -> HttpResponse:
        if request.method == "GET":  # writes are limited per api_key (open311_client_admit)
            address_rate_limit(request, scope="open311", per_minute=settings.OPEN311_READS_PER_IP_PER_MINUTE)
        jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
        try:
            city = city_by_key(city_key=jurisdiction)
        except NotFound as error:
            raise NotFound("jurisdiction_id was not found (use the city key, e.g. riverton)") from error
        return view(request, fmt, city, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_GET
@open311_view
def services(request: HttpRequest, fmt: str, city: City) -> HttpResponse:
    rows = [selectors.service_public(s) for s in selectors.services_for(city=city)]
    return _answer(fmt, "services", rows)


@require_GET
@open311_view
def service_definition(request: HttpRequest, fmt: str, city: City, code: str) -> HttpResponse:
    service = selectors.services_for(city=city).filter(service_code=code).first()
    if service is None:
        raise NotFound(f"service_code {code} was not found")
    return _answer(fmt, "service_definition", selectors.service_definition_public(service))


@csrf_exempt  # an API for other apps, authenticated by api_key, not by a browser session
@require_http_methods(["GET", "POST"])
@open311_view
def requests_(request: HttpRequest, fmt: str, city: City) -> HttpResponse:
    if request.method == "GET":
        if fmt == "json":
            return HttpResponse(selectors.requests_json(city=city, params=request.GET), content_type="application/json")
        rows = [selectors.request_public(r) for r in selectors.requests_for(city=city, params=request.GET)]
        return _answer(fmt, "service_requests", rows)
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise InvalidInput("send the request as form fields (application/x-www-form-urlencoded)")
    open311_client_admit(city=city, plain_key=request.POST.get("api_key", ""))
    new = request_validate(city=city, data=request.POST)
    created = service_request_create(city=city, new=new)
    rows = [
        {"service_request_id": str(created.id), "service_notice": created.service_notice or None, "account_id": None}
    ]
    return _answer(fmt, "service_requests", rows, status=201 if settings.OPEN311_POST_201 else 200)


@require_GET
@open311_view
def request_detail(request: HttpRequest, fmt: str, city: City, request_id: str) -> HttpResponse:
    row = selectors.request_one(city=city, request_id=request_id)
    if row is None:
        raise NotFound(f"service_request_id {request_id} was not found")
    return _answer(fmt, "service_requests", [selectors.request_public(row)])
