from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from cities.admin_base import CityAdmin, staff_user
from requests311.models import Service, ServiceRequest, StatusChange
from requests311.services.requests import request_status_change


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


@admin.register(ServiceRequest)
class ServiceRequestAdmin(CityAdmin):
    """Staff triage queue: newest first, their cities only; status changes go through the service
    so that every change writes history."""

    list_display = ["id", "service", "status", "priority", "requested_at", "address", "city"]
    list_filter = ["status", "city", "priority"]
    list_select_related = ["service", "city"]
    search_fields = ["=id", "=external_id", "address"]
    ordering = ["-requested_at", "-id"]
    raw_id_fields = ["service"]
    readonly_fields = ["status", "requested_at", "updated_at", "closed_at", "source", "external_id"]
    inlines = [StatusChangeInline]
    actions = ["mark_in_progress", "mark_closed"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(deleted_at__isnull=True)

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
