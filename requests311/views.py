"""Resident pages for 311: browse (filters, near me, keyset pages, map), detail with history, report form."""

from __future__ import annotations

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe
from PIL import Image, UnidentifiedImageError

from cities.errors import InvalidInput
from cities.forms import FilterDateField
from cities.models import City
from requests311 import selectors
from requests311.models import Service, ServiceRequest
from requests311.services import NewRequest, Open311Error, request_validate, service_request_create


def _city(city_key: str) -> City:
    city = City.objects.filter(city_key=city_key).first()
    if city is None:
        raise Http404("We don't have a city with that name.")
    return city


class BrowseForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *ServiceRequest.Status.choices])
    service = forms.CharField(required=False, max_length=64)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    long = forms.FloatField(required=False, min_value=-180, max_value=180)
    radius = forms.IntegerField(required=False, min_value=50, max_value=5000, initial=500)
    date_from = FilterDateField(required=False)
    date_to = FilterDateField(required=False)
    cursor = forms.CharField(required=False, max_length=600)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The start date is after the end date.")
        if (data.get("lat") is None) != (data.get("long") is None):
            raise forms.ValidationError("Give both latitude and longitude for “near me”.")
        return data


def _problems(form: forms.Form) -> str:
    """Every error of the filters, each once (a field's own message says what it wants)."""
    messages = dict.fromkeys(message for errors in form.errors.values() for message in errors)
    return " ".join(messages) or "Some filters are not valid."


@require_safe
def browse(request: HttpRequest, city_key: str) -> HttpResponse:
    city = _city(city_key)
    form = BrowseForm(request.GET)
    services = list(selectors.services_for(city=city))
    if not form.is_valid():
        return render(
            request,
            "requests311/browse.html",
            {"city": city, "form": form, "services": services, "error": _problems(form)},
            status=400,
        )
    data = form.cleaned_data
    near = (data["lat"], data["long"], data["radius"] or 500) if data["lat"] is not None else None
    try:
        page = selectors.requests_page(
            city=city,
            status=data["status"],
            service_code=data["service"],
            near=near,
            date_from=data["date_from"],
            date_to=data["date_to"],
            cursor=data["cursor"] or None,
        )
    except InvalidInput as error:
        return render(
            request,
            "requests311/browse.html",
            {"city": city, "form": form, "services": services, "error": error.message},
            status=400,
        )
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "requests311/browse.html",
        {
            "city": city,
            "form": form,
            "page": page,
            "services": services,
            "filter_query": query.urlencode(),
            "tile_url": settings.OPEN311_TILE_URL,
        },
    )


@require_safe
def detail(request: HttpRequest, city_key: str, request_id: int) -> HttpResponse:
    city = _city(city_key)
    item = selectors.request_with_history(city=city, request_id=request_id)
    if item is None:
        raise Http404("No such request in this city.")
    return render(
        request, "requests311/detail.html", {"city": city, "item": item, "tile_url": settings.OPEN311_TILE_URL}
    )


class ReportForm(forms.Form):
    service_code = forms.ChoiceField(label="What is the problem?")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=True)
    address_string = forms.CharField(label="Address or nearest intersection", max_length=300, required=False)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    long = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    photo = forms.FileField(required=False, help_text="JPEG or PNG, 5 MB at most.")
    email = forms.EmailField(required=False, help_text="Only city staff see it, to follow up.")

    def __init__(self, *args, services: list[Service], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_code"].choices = [(s.service_code, s.service_name) for s in services]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo:
            return None
        if photo.size > settings.OPEN311_PHOTO_MAX_BYTES:
            raise forms.ValidationError("The photo is larger than 5 MB.")
        try:
            image = Image.open(photo)
            image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise forms.ValidationError("The photo must be a JPEG or PNG image.") from error
        if image.format not in ("JPEG", "PNG"):
            raise forms.ValidationError("The photo must be a JPEG or PNG image.")
        photo.seek(0)
        photo.image_format = image.format
        return photo


def _too_many_reports(request: HttpRequest) -> bool:
    ip = request.META.get("REMOTE_ADDR", "unknown")
    bucket = f"311:reports:{ip}"
    count = 1 if cache.add(bucket, 1, timeout=3600) else cache.incr(bucket)
    return count > settings.OPEN311_REPORTS_PER_IP_PER_HOUR


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, city_key: str) -> HttpResponse:
    city = _city(city_key)
    services = list(selectors.services_for(city=city))
    form = ReportForm(request.POST or None, request.FILES or None, services=services)
    if request.method == "POST" and form.is_valid():
        if _too_many_reports(request):
            form.add_error(None, "Too many reports from this connection in the last hour. Please try later.")
            return render(request, "requests311/report.html", {"city": city, "form": form}, status=429)
        data = form.cleaned_data
        try:
            new: NewRequest = request_validate(
                city=city,
                data={
                    "service_code": data["service_code"],
                    "description": data["description"],
                    "address_string": data["address_string"],
                    "lat": data["lat"],
                    "long": data["long"],
                    "email": data["email"],
                },
            )
        except Open311Error as error:
            form.add_error(None, error.message)
        else:
            if data["photo"]:
                name = f"311/{uuid.uuid4().hex}.{'jpg' if data['photo'].image_format == 'JPEG' else 'png'}"
                target = Path(settings.MEDIA_ROOT) / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as handle:
                    for chunk in data["photo"].chunks():
                        handle.write(chunk)
                new.values["media_url"] = request.build_absolute_uri(settings.MEDIA_URL + name)
            created = service_request_create(city=city, new=new, source="web")
            return redirect("requests311:detail", city_key=city.city_key, request_id=created.id)
    status = 400 if request.method == "POST" else 200
    return render(request, "requests311/report.html", {"city": city, "form": form}, status=status)
