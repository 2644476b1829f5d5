"""The meeting archive's and the legislation list's filters, read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms

from cities.forms import FilterDateField, FilterForm
from meetings.selectors.matters import MatterFilters


class ArchiveFilterForm(FilterForm):
    year = forms.IntegerField(required=False, min_value=1800, max_value=2199, label="Year")
    body = forms.IntegerField(required=False, min_value=1, label="Council or committee")
    cursor = forms.CharField(required=False, max_length=600)


class LegislationFilterForm(FilterForm):
    type = forms.CharField(required=False, max_length=100, label="Type")
    status = forms.CharField(required=False, max_length=100, label="Status")
    sponsor = forms.IntegerField(required=False, min_value=1, label="Sponsor")
    body = forms.IntegerField(required=False, min_value=1, label="Committee or body")
    introduced_from = FilterDateField(required=False, label="Introduced from")
    introduced_to = FilterDateField(required=False, label="Introduced to")
    q = forms.CharField(required=False, max_length=200, strip=True, label="Words in the title")
    file = forms.CharField(required=False, max_length=50, strip=True, label="File number")
    cursor = forms.CharField(required=False, max_length=600)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("introduced_from")
            and data.get("introduced_to")
            and data["introduced_from"] > data["introduced_to"]
        ):
            raise forms.ValidationError("The start date is after the end date.")
        return data

    def filters(self) -> MatterFilters:
        data = self.cleaned_data
        return MatterFilters(
            matter_type=data["type"],
            status=data["status"],
            sponsor_id=data["sponsor"],
            body_id=data["body"],
            introduced_from=data["introduced_from"],
            introduced_to=data["introduced_to"],
            words=data["q"],
            file_number=data["file"],
        )

    @property
    def filtered(self) -> bool:
        return any(value for name, value in self.cleaned_data.items() if name != "cursor")
