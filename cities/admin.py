from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from cities.admin_base import CityAdmin, CityScopedInline
from cities.admin_corrections import CorrectedFieldsAdminMixin
from cities.models import (
    ApiKey,
    AuditEntry,
    Body,
    Category,
    City,
    Correction,
    CouncilMember,
    DataSyncLog,
    Membership,
    StaffCityAssignment,
)
from cities.query_stats import ORDERS, QueryStatsUnavailable, top_queries
from cities.selectors import city_ids_for_user


@admin.register(City)
class CityModelAdmin(CityAdmin):
    city_lookup = "id"
    list_display = ["name", "city_key", "state", "total_seats", "legistar_client", "timezone"]
    list_filter = ["state"]
    search_fields = ["name", "city_key"]
    readonly_fields = ["created_at", "updated_at", "legistar_synced_through"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # New cities need their partitions: `manage.py add_city` (or a superuser here).
        return request.user.is_superuser

    def get_urls(self) -> list[URLPattern]:
        top = path("top-queries/", self.admin_site.admin_view(self.top_queries), name="cities_top_queries")
        return [top, *super().get_urls()]

    def top_queries(self, request: HttpRequest) -> HttpResponse:
        """Superusers only: statements' text spans every city."""
        if not request.user.is_superuser:
            raise PermissionDenied
        order = request.GET.get("by", "total")
        order = order if order in ORDERS else "total"
        try:
            costs, unavailable = top_queries(order=order, limit=50), ""
        except QueryStatsUnavailable as error:
            costs, unavailable = [], str(error)
        context = {**self.admin_site.each_context(request), "title": "Top queries", "costs": costs,
                   "order": order, "orders": list(ORDERS), "unavailable": unavailable}  # fmt: skip
        return TemplateResponse(request, "admin/cities/top_queries.html", context)


class MembershipInline(CityScopedInline, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["body", "role", "title", "district", "start_date", "end_date", "appointment_type", "city"]
    autocomplete_fields = ["body"]


@admin.register(CouncilMember)
class CouncilMemberAdmin(CorrectedFieldsAdminMixin, CityAdmin):
    corrected_fields = ("full_name",)
    list_display = ["full_name", "city", "party_affiliation", "legistar_person_id"]
    list_filter = ["city"]
    list_select_related = ["city"]
    search_fields = ["full_name"]
    autocomplete_fields = ["city"]
    inlines = [MembershipInline]
    readonly_fields = ["created_at", "updated_at"]


class BodyMembershipInline(CityScopedInline, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["member", "role", "title", "district", "start_date", "end_date", "city"]
    autocomplete_fields = ["member"]
    verbose_name_plural = "members"


@admin.register(Body)
class BodyAdmin(CityAdmin):
    list_display = ["name", "city", "kind", "is_primary", "active", "legistar_body_id"]
    list_filter = ["city", "kind", "active"]
    list_select_related = ["city"]
    search_fields = ["name"]
    autocomplete_fields = ["city"]
    inlines = [BodyMembershipInline]
    readonly_fields = ["created_at", "updated_at", "source_type_name"]


@admin.register(Membership)
class MembershipAdmin(CityAdmin):
    list_display = ["member", "body", "role", "title", "district", "start_date", "end_date"]
    list_filter = ["city", "role", "body__kind"]
    list_select_related = ["member", "body"]
    search_fields = ["member__full_name", "body__name", "title"]
    autocomplete_fields = ["member", "body", "city"]


@admin.register(Category)
class CategoryAdmin(CityAdmin):
    list_display = ["name", "city", "parent", "display_order"]
    list_filter = ["city"]
    list_select_related = ["city", "parent"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]

    # Shared (city-less) categories are visible to every staff user (the scoping mixin lists them, see
    # SHARED_WHEN_CITYLESS), editable by superusers only.
    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if isinstance(obj, Category) and obj.city_id is None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm[Any]]:
        """Staff create categories of their own city: a blank city would make a shared one."""
        form = super().get_form(request, obj, change=change, **kwargs)
        if not request.user.is_superuser and "city" in form.base_fields:
            form.base_fields["city"].required = True
        return form


@admin.register(StaffCityAssignment)
class StaffCityAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "city"]
    list_filter = ["city"]
    autocomplete_fields = ["city"]
    raw_id_fields = ["user"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(DataSyncLog)
class DataSyncLogAdmin(ReadOnlyAdminMixin, CityAdmin):
    list_display = ["city", "sync_type", "started_at", "completed_at", "status", "records_processed"]
    list_filter = ["status", "sync_type", "city"]
    list_select_related = ["city"]
    date_hierarchy = "started_at"


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, CityAdmin):
    """Readable, never editable. Newest first; served by (city_id, changed_at DESC)."""

    list_display = ["changed_at", "username", "action", "model", "object_repr", "city_id"]
    list_filter = ["action", "app_label", "model"]
    search_fields = ["object_repr", "username", "=object_id"]


@admin.register(ApiKey)
class ApiKeyAdmin(CityAdmin):
    """Keys are made with `manage.py create_api_key` (the plain key is printed once); here: view, revoke."""

    list_display = ["name", "prefix", "city", "requests_per_minute", "created_at", "revoked_at"]
    list_filter = ["city"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        """Staff may rename or revoke their city's keys; moving a key to another city (or none) or raising
        its rate is for superusers."""
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "city", "requests_per_minute"]


admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(UserAdmin):
    """Django's user admin for superusers. Staff who were given user permissions see only themselves and the
    staff of their own cities, never a superuser, and cannot change anyone's staff or superuser status,
    groups or permissions (their own included): nobody grants themselves more."""

    GRANTS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        colleagues = StaffCityAssignment.objects.filter(city_id__in=city_ids_for_user(user=request.user) or [])
        mine = users.filter(pk__in=colleagues.values("user_id")) | users.filter(pk=request.user.pk)
        return mine.filter(is_superuser=False).distinct()

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, *self.GRANTS]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)


@admin.register(Correction)
class CorrectionAdmin(CityAdmin):
    """Staff corrections of ingested values, with the source's latest differing value to review. Made on the
    corrected row's own page; deleting one lets the next sync write the source's value again."""

    list_display = ["model", "row_id", "field", "value", "source_value", "corrected_by_name", "corrected_at", "reason"]
    list_filter = ["city", "model", "field"]
    search_fields = ["value", "source_value", "reason", "=row_id"]
    ordering = ["-corrected_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
