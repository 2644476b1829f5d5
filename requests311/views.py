"""Resident pages for 311: browse (filters, near me, keyset pages, map), detail with history, report form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from cities.clients import address_over_limit
from cities.errors import InvalidInput, NotFound
from cities.forms import FilterDateField, form_problems
from cities.models import City
from cities.pages import city_from_url, query_without_cursor
from requests311 import selectors
from requests311.models import Service, ServiceRequest
from requests311.services.photos import PhotoRefused, photo_clean, report_photo_store
from requests311.services.requests import NewRequest, request_validate, service_request_create


class BrowseForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *ServiceRequest.Status.choices])
    service = forms.CharField(required=False, max_length=64)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    long = forms.FloatField(required=False, min_value=-180, max_value=180)
    radius = forms.IntegerField(required=False, min_value=50, max_value=5000, initial=500)
    date_from = FilterDateField(required=False)
    date_to = FilterDateField(required=False)
    cursor = forms.CharField(required=False, max_length=600)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The start date is after the end date.")
        if (data.get("lat") is None) != (data.get("long") is None):
            raise forms.ValidationError("Give both latitude and longitude for “near me”.")
        return data


@require_safe
def browse(request: HttpRequest, city_key: str) -> HttpResponse:
    city = city_from_url(request, city_key)
    form = BrowseForm(request.GET)
    services = list(selectors.services_for(city=city))
    if not form.is_valid():
        context = {"city": city, "form": form, "services": services, "error": form_problems(form)}
        return render(request, "requests311/browse.html", context, status=400)
    data = form.cleaned_data
    near = (data["lat"], data["long"], data["radius"] or 500) if data["lat"] is not None else None
    page = selectors.requests_page(
        city=city,
        status=data["status"],
        service_code=data["service"],
        near=near,
        date_from=data["date_from"],
        date_to=data["date_to"],
        cursor=data["cursor"] or None,
    )
    return render(
        request,
        "requests311/browse.html",
        {
            "city": city,
            "form": form,
            "page": page,
            "services": services,
            "filter_query": query_without_cursor(request),
            "tile_url": settings.OPEN311_TILE_URL,
            "near_me_days": settings.OPEN311_NEAR_ME_DAYS,
        },
    )


def _public_request(request: HttpRequest, city_key: str, request_id: int) -> tuple[City, ServiceRequest]:
    city = city_from_url(request, city_key)
    item = selectors.request_with_history(city=city, request_id=request_id)
    if item is None:
        raise NotFound("No such request in this city.")
    return city, item


@require_safe
def detail(request: HttpRequest, city_key: str, request_id: int) -> HttpResponse:
    city, item = _public_request(request, city_key, request_id)
    return render(
        request, "requests311/detail.html", {"city": city, "item": item, "tile_url": settings.OPEN311_TILE_URL}
    )


def service_choices(services: list[Service]) -> list[tuple[str, Any]]:
    """ "Choose a problem" first, then the services under the groups their feed puts them in (in the feed's
    order), those without a group last."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for service in services:
        groups.setdefault(service.group or "", []).append((service.service_code, service.service_name))
    grouped: list[tuple[str, Any]] = [(name, choices) for name, choices in groups.items() if name]
    return [("", "Choose a problem"), *grouped, *groups.get("", [])]


class ReportForm(forms.Form):
    service_code = forms.ChoiceField(label="What is the problem?", error_messages={"required": "Choose a problem."})
    description = forms.CharField(
        label="Describe it",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=True,
        error_messages={"required": "Tell us what is wrong, in a few words."},
    )
    address_string = forms.CharField(label="Address or nearest intersection", max_length=300, required=False)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    long = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    photo = forms.FileField(required=False, help_text="JPEG or PNG, 5 MB at most.")
    email = forms.EmailField(required=False, help_text="Only city staff see it, to follow up.")

    def __init__(self, *args: Any, city: City, services: list[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.city = city
        self.new_request: NewRequest | None = None
        self.has_services = bool(services)
        self.fields["service_code"].choices = service_choices(services)  # type: ignore[attr-defined]

    def clean_photo(self) -> UploadedFile | None:
        photo: UploadedFile | None = self.cleaned_data.get("photo")
        if not photo:
            return None
        try:
            self.photo_bytes, self.photo_format = photo_clean(photo)
        except PhotoRefused as error:
            raise forms.ValidationError(error.message) from error
        return photo

    def clean(self) -> dict[str, Any]:
        """The same checks as an Open311 POST (request_validate), reported on the form."""
        data = super().clean() or {}
        if self.errors:
            return data
        if not data.get("address_string") and (data.get("lat") is None or data.get("long") is None):
            raise forms.ValidationError(
                "Tell us where: drop a pin on the map, use your location or type an address.", code="where"
            )
        fields = ("service_code", "description", "address_string", "lat", "long", "email")
        try:
            self.new_request = request_validate(city=self.city, data={name: data.get(name) for name in fields})
        except InvalidInput as error:
            raise forms.ValidationError(error.message) from error
        return data


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, city_key: str) -> HttpResponseBase:
    city = city_from_url(request, city_key)
    services = list(selectors.services_for(city=city))
    form = ReportForm(request.POST or None, request.FILES or None, city=city, services=services)
    context = {"city": city, "form": form, "centre": selectors.report_map_centre(city=city) if services else None,
               "tile_url": settings.OPEN311_TILE_URL}  # fmt: skip
    if request.method == "GET":
        return render(request, "requests311/report.html", context)
    if not form.is_valid() or form.new_request is None:
        return render(request, "requests311/report.html", context, status=400)
    limit = settings.OPEN311_REPORTS_PER_IP_PER_HOUR
    if address_over_limit(request, scope="311-reports", limit=limit, window_seconds=3600):
        form.add_error(None, "Too many reports from this connection in the last hour. Please try later.")
        return render(request, "requests311/report.html", context, status=429)
    photo = form.cleaned_data["photo"]
    media_path = report_photo_store(photo=form.photo_bytes, image_format=form.photo_format) if photo else ""
    created = service_request_create(
        city=city, new=form.new_request, source="web", media_url=request.build_absolute_uri(media_path) if photo else ""
    )
    return redirect("requests311:sent", city_key=city.city_key, request_id=created.pk)


@require_safe
def sent(request: HttpRequest, city_key: str, request_id: int) -> HttpResponse:
    """The end of a report: its number and what happens next. Shows only what the request's public page does."""
    city, item = _public_request(request, city_key, request_id)
    return render(request, "requests311/sent.html", {"city": city, "item": item})
