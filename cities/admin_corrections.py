"""Admin pieces for corrections of ingested fields: a reason is asked for, the correction is kept.

An admin lists its `corrected_fields` (and an inline its own); a change of one of them on an existing
row needs a reason and is recorded by cities.services.corrections, so the next sync does not undo it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

from cities.services.corrections import correction_record

if TYPE_CHECKING:
    from django.contrib import admin

    _ModelAdminBase = admin.ModelAdmin[Any]
else:
    _ModelAdminBase = object

REASON_FIELD = "correction_reason"
REASON_MISSING = "Say why this is corrected: the reason is kept with the correction and shown on the public page."


class CorrectionReasonForm(forms.ModelForm):
    correction_reason = forms.CharField(
        required=False,
        max_length=500,
        label="Reason for a correction",
        help_text="Needed when you correct a value that came from the city's source (the next sync keeps yours).",
    )
    corrected_fields: ClassVar[tuple[str, ...]] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Decided here, while the row still holds what was stored: once the form's values are on it, a source
        # id typed in the same save would make a staff-entered row look ingested.
        self.corrected_names = _corrected(self, self.corrected_fields)
        if self.corrected_names and not data.get(REASON_FIELD):
            self.add_error(REASON_FIELD, REASON_MISSING)
        return data


class CorrectedInlineFormSet(forms.BaseInlineFormSet):
    """The reason is the parent form's: asked for when any row's corrected field changed."""

    corrected_fields: ClassVar[tuple[str, ...]] = ()

    def clean(self) -> None:
        super().clean()
        if (
            any(_corrected(f, self.corrected_fields) for f in self.forms)
            and not self.data.get(REASON_FIELD, "").strip()
        ):
            raise ValidationError(REASON_MISSING)


def _from_source(instance: models.Model) -> bool:
    """Whether a sync would write the row again: it has a source id (a model without one, like a member
    vote, is only ever ingested)."""
    ids = [
        f.attname
        for f in instance._meta.concrete_fields
        if f.attname.startswith("legistar_") and f.attname.endswith("_id")
    ]
    return not ids or any(getattr(instance, name) is not None for name in ids)


def _corrected(form: forms.BaseForm, fields: tuple[str, ...]) -> list[str]:
    """The corrected fields the form changes on a row that came from the source."""
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None or not form.has_changed() or not _from_source(instance):
        return []
    return [name for name in fields if name in form.changed_data]


class CorrectedFieldsAdminMixin(_ModelAdminBase):
    corrected_fields: tuple[str, ...] = ()
    form = CorrectionReasonForm

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        form.corrected_fields = self.corrected_fields  # type: ignore[attr-defined]  # a CorrectionReasonForm
        return form

    def save_model(self, request: HttpRequest, obj: models.Model, form: forms.BaseForm, change: bool) -> None:
        corrected = getattr(form, "corrected_names", []) if change else []
        super().save_model(request, obj, form, change)
        for name in corrected:
            reason = form.cleaned_data[REASON_FIELD]
            correction_record(user=request.user, obj=obj, field=name, before=form.initial.get(name), reason=reason)

    def save_formset(self, request: HttpRequest, form: forms.BaseForm, formset: Any, change: bool) -> None:
        fields = getattr(formset, "corrected_fields", ())
        kept = [f for f in formset.forms if f not in getattr(formset, "deleted_forms", [])]
        corrected = [(f.instance, name, f.initial.get(name)) for f in kept for name in _corrected(f, fields)]
        super().save_formset(request, form, formset, change)
        reason = form.cleaned_data.get(REASON_FIELD, "")
        for instance, name, before in corrected:
            correction_record(user=request.user, obj=instance, field=name, before=before, reason=reason)
