"""Admin building blocks every app uses: city scoping for staff, audit of changes, cheap counts.

- Staff see and edit only their cities' rows, in change lists, change pages (404 otherwise),
  foreign-key choices and autocomplete; superusers see everything. Shared rows (a Category
  without a city) are visible and selectable for every staff user as well.
- Every add, change and delete made through the admin writes an AuditEntry with old and new values.
- Change lists of big tables never run a full COUNT(*): big results show the planner's estimate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property

from cities.cache import city_cache_bump, city_lookup_forget
from cities.models import Category, City
from cities.selectors import city_ids_for_user
from cities.services import audit_record
from cities.sqlfiles import planner_row_estimate

if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin

    _ScopedBase = BaseModelAdmin[Any]
    _ModelAdminBase = admin.ModelAdmin[Any]
else:
    _ScopedBase = _ModelAdminBase = object


class EstimatedCountPaginator(Paginator):
    """Exact counts for small results, the planner's estimate for big ones: no COUNT(*) over millions.

    The estimate comes from EXPLAIN (planning only, no rows read), whatever the filters; only when it
    is under EXACT_BELOW is the real count taken, and that count is bounded by a LIMIT as well.
    """

    EXACT_BELOW = 10_000
    estimated = False  # whether `count` is the planner's estimate (the change list then says "about")

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return len(queryset)
        estimate = int(planner_row_estimate(queryset))
        if estimate >= self.EXACT_BELOW:
            self.estimated = True
            return estimate
        return queryset[: self.EXACT_BELOW].count()


# Models whose rows without a city belong to every city: staff see them and may pick them in forms
# (whether they may change them is their admin's call). Not every nullable city means shared: an ApiKey
# without a city is a key for all cities, which staff must not see.
SHARED_WHEN_CITYLESS: frozenset[type[models.Model]] = frozenset({Category})


def _city_filter_for(model: type[models.Model], city_ids: list[int]) -> models.Q | None:
    if model is City:
        return models.Q(id__in=city_ids)
    field_names = {f.name for f in model._meta.get_fields()}
    if "city" in field_names:
        condition = models.Q(city_id__in=city_ids)
        if model in SHARED_WHEN_CITYLESS:
            condition |= models.Q(city__isnull=True)
        return condition
    return None


def staff_user(request: HttpRequest) -> User:
    """The admin's signed-in user (the admin site lets no one else in)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def staff_city_ids(request: HttpRequest) -> list[int] | None:
    """The cities of the request's staff user (None: all), looked up once per request."""
    if not hasattr(request, "_cityvotes_city_ids"):
        request._cityvotes_city_ids = city_ids_for_user(user=request.user)  # type: ignore[attr-defined]
    city_ids: list[int] | None = request._cityvotes_city_ids  # type: ignore[attr-defined]
    return city_ids


def _scoped_choices(model: type[models.Model] | str, request: HttpRequest) -> QuerySet[Any] | None:
    """The rows of a related model a staff user may pick (None: no restriction)."""
    city_ids = staff_city_ids(request)
    if city_ids is None or isinstance(model, str):
        return None
    condition = _city_filter_for(model, city_ids)
    return model._default_manager.filter(condition) if condition is not None else None


class CityScopedAdminMixin(_ScopedBase):
    """`city_lookup` is the path from the model to its city id (e.g. "city_id", "member__city_id")."""

    city_lookup = "city_id"
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        city_ids = staff_city_ids(request)
        if city_ids is None:
            return qs
        condition = models.Q(**{f"{self.city_lookup}__in": city_ids})
        if self.model in SHARED_WHEN_CITYLESS:
            condition |= models.Q(**{f"{self.city_lookup}__isnull": True})
        return qs.filter(condition)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)  # type: ignore[misc]  # ModelAdmin's
        if obj is None:
            # Another city's row (or none): not found, never a hint that it exists.
            raise Http404("No such object in your cities.")
        return obj

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        choices = _scoped_choices(db_field.related_model, request)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        choices = _scoped_choices(db_field.related_model, request)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _bump_city_of(obj: models.Model) -> None:
    """The city's cached pages (and its cached lookup) go stale once the admin's transaction commits: bumped
    earlier, a reader could cache the old page again before the change is visible."""
    city_key = obj.city_key if isinstance(obj, City) else None
    city_id = obj.pk if isinstance(obj, City) else getattr(obj, "city_id", None)

    def bump() -> None:
        if city_key:
            city_lookup_forget(city_key)
        if city_id:
            city_cache_bump(city_id=city_id)

    transaction.on_commit(bump)


def _form_changes(form: forms.BaseForm) -> dict[str, tuple[Any, Any]]:
    return {name: (form.initial.get(name), form.cleaned_data.get(name)) for name in form.changed_data}


class AuditedAdminMixin(_ModelAdminBase):
    """Writes an audit entry for every add, change and delete made in the admin, inlines included."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: forms.BaseForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _bump_city_of(obj)
        if not change or form.changed_data:
            audit_record(
                user=request.user, action="update" if change else "create", obj=obj, changes=_form_changes(form)
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        audit_record(user=request.user, action="delete", obj=obj)
        _bump_city_of(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit_record(user=request.user, action="delete", obj=obj)
            _bump_city_of(obj)
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: forms.BaseForm, formset: Any, change: bool) -> None:
        # The admin wraps the whole request in one transaction: audit rows commit with the change.
        deleted_forms = list(getattr(formset, "deleted_forms", []))
        for inline_form in deleted_forms:
            if inline_form.instance.pk is not None:
                audit_record(user=request.user, action="delete", obj=inline_form.instance)
        changed = [(f, f.instance.pk is None) for f in formset.forms if f.has_changed() and f not in deleted_forms]
        super().save_formset(request, form, formset, change)
        for inline_form, was_new in changed:
            if inline_form.instance.pk is not None:
                audit_record(
                    user=request.user,
                    action="create" if was_new else "update",
                    obj=inline_form.instance,
                    changes=_form_changes(inline_form),
                )


class CityAdmin(CityScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Base for every city-owned model's admin."""

    paginator = EstimatedCountPaginator
    list_per_page = 50


class CityScopedInline(CityScopedAdminMixin):
    """Inlines scope their foreign-key choices the same way (their rows follow the parent)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super(CityScopedAdminMixin, self).get_queryset(request)
