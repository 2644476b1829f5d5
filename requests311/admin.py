from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from cities.admin_base import CityAdmin, staff_user
from requests311.models import Service, ServiceRequest, StatusChange
from requests311.services.requests import request_public_note, request_status_change


@admin.register(Service)
class ServiceAdmin(CityAdmin):
    list_display = ["service_name", "service_code", "city", "group", "type", "active"]
    list_filter = ["city", "active", "type"]
    search_fields = ["service_name", "=service_code"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "from_status", "to_status", "note"]
    readonly_fields = ["changed_at", "changed_by", "from_status", "to_status", "note"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ServiceRequestTriageForm(forms.ModelForm):
    """The status and the note the public sees are changed together, through the service that writes the
    history; the admin's audit entry records both as changed fields."""

    new_status = forms.ChoiceField(choices=ServiceRequest.Status.choices, label="Status")
    public_note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note to the public",
        help_text='Shown on the request\'s public page and in its history, e.g. "Crew scheduled for Monday".',
    )

    class Meta:
        model = ServiceRequest
        fields = [
            "service", "priority", "agency_responsible", "description", "address", "lat", "long", "reporter_name",
            "reporter_email", "reporter_phone", "expected_at", "address_id", "zipcode", "service_notice", "attributes",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_status"].initial = self.instance.status
        self.fields["public_note"].initial = self.instance.status_notes


@admin.register(ServiceRequest)
class ServiceRequestAdmin(CityAdmin):
    """Staff triage queue: newest first, their cities only (so only their staff see a reporter's contact);
    status changes go through the service so that every change writes history."""

    list_display = ["id", "service", "status", "priority", "requested_at", "address", "city"]
    list_filter = ["status", "city", "priority"]
    list_select_related = ["service", "city"]
    search_fields = ["=id", "=external_id", "address"]
    ordering = ["-requested_at", "-id"]
    form = ServiceRequestTriageForm
    autocomplete_fields = ["service"]
    # media_url is readonly: a photo stored here has a path, not a full URL, and would fail the URL field.
    readonly_fields = [
        "location_map", "photo", "media_url", "requested_at", "updated_at", "closed_at", "source", "external_id"
    ]  # fmt: skip
    fieldsets = [
        ("Triage", {"fields": ["new_status", "public_note", "service", "priority", "agency_responsible"]}),
        ("What was reported", {"fields": ["description", "photo", "address", "location_map", "lat", "long"]}),
        ("Reporter (private: never shown publicly)", {"fields": ["reporter_name", "reporter_email", "reporter_phone"]}),
        ("Source", {"classes": ["collapse"], "fields": [
            "source", "external_id", "requested_at", "updated_at", "closed_at", "expected_at", "address_id",
            "zipcode", "media_url", "service_notice", "attributes",
        ]}),
    ]  # fmt: skip
    inlines = [StatusChangeInline]
    actions = ["mark_in_progress", "mark_closed"]

    class Media:
        css = {"all": ["requests311/leaflet/leaflet.css", "requests311/admin.css"]}
        js = ["requests311/leaflet/leaflet.js", "requests311/map.js"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(deleted_at__isnull=True)

    @admin.display(description="On the map")
    def location_map(self, obj: ServiceRequest) -> str:
        if not obj.on_map:
            return "No usable location (none given, or 0,0 from the feed)."
        return format_html(
            '<div id="map" class="map triage-map" data-tiles="{}"></div>'
            '<span hidden data-lat="{}" data-long="{}" data-title="{}"></span>',
            settings.OPEN311_TILE_URL, obj.lat, obj.long, obj.service.service_name,
        )  # fmt: skip

    @admin.display(description="Photo")
    def photo(self, obj: ServiceRequest) -> str:
        """Photos stored here are shown; a feed's photo elsewhere is a link (the admin loads no outside image)."""
        if not obj.media_url:
            return "None"
        url = urlsplit(obj.media_url)
        if url.path.startswith(settings.MEDIA_URL) and (not url.hostname or url.hostname in settings.ALLOWED_HOSTS):
            return format_html('<img class="triage-photo" src="{}" alt="Photo sent with the request">', url.path)
        return format_html('<a href="{}" rel="noopener noreferrer">Photo at the source</a>', obj.media_url)

    def save_model(self, request: HttpRequest, obj: Model, form: forms.BaseForm, change: bool) -> None:
        assert isinstance(obj, ServiceRequest)
        super().save_model(request, obj, form, change)
        status, note = form.cleaned_data["new_status"], form.cleaned_data["public_note"]
        if status != obj.status:
            request_status_change(request=obj, to_status=status, note=note, user=staff_user(request))
        elif note != obj.status_notes:
            request_public_note(request=obj, note=note, user=staff_user(request))

    def _bulk_status(self, request: HttpRequest, queryset: QuerySet[ServiceRequest], to_status: str) -> None:
        user = staff_user(request)
        changed = sum(request_status_change(request=r, to_status=to_status, user=user) for r in queryset)
        self.message_user(request, f"{changed} request(s) changed to {to_status}.", messages.SUCCESS)

    @admin.action(description="Mark selected requests in progress")
    def mark_in_progress(self, request: HttpRequest, queryset: QuerySet[ServiceRequest]) -> None:
        self._bulk_status(request, queryset, ServiceRequest.Status.IN_PROGRESS)

    @admin.action(description="Close selected requests")
    def mark_closed(self, request: HttpRequest, queryset: QuerySet[ServiceRequest]) -> None:
        self._bulk_status(request, queryset, ServiceRequest.Status.CLOSED)
