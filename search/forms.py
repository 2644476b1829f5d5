from __future__ import annotations

from typing import Any

from django import forms

from cities.errors import NotFound
from cities.forms import FilterDateField
from cities.selectors import city_by_key
from meetings.models import MinutesDocument
from search.matching import MAX_QUERY_LENGTH, RELEVANCE_CANDIDATES, SearchParams, clean_query


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, strip=True, label="Search minutes")
    city = forms.SlugField(required=False, max_length=50)
    date_from = FilterDateField(required=False, label="From")
    date_to = FilterDateField(required=False, label="To")
    meeting_type = forms.CharField(
        required=False, max_length=100, label="Meeting or body", help_text="Any part of the name"
    )
    kind = forms.ChoiceField(
        required=False, choices=[("", "Any document"), *MinutesDocument.Kind.choices], label="Document"
    )
    order = forms.ChoiceField(
        required=False,
        label="Order",
        choices=[("newest", "Newest first"), ("relevance", f"Most relevant of the newest {RELEVANCE_CANDIDATES:,}")],
    )
    cursor = forms.CharField(required=False, max_length=600)
    # The number of the page's first result, carried by the pager links so results are numbered across pages
    # ("21-40 of about 8,400"); it only labels rows, the cursor decides which they are.
    start = forms.IntegerField(required=False, min_value=1, max_value=100_000_000)

    def clean_city(self) -> str:
        key: str = self.cleaned_data["city"]
        if key:
            try:
                self.found_city = city_by_key(city_key=key, cached=True)
            except NotFound as error:
                raise forms.ValidationError("No city with that key.") from error
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The start date is after the end date.")
        return data

    def params(self) -> SearchParams:
        data = self.cleaned_data
        return SearchParams(
            q=clean_query(data["q"]),
            city=getattr(self, "found_city", None) if data["city"] else None,
            date_from=data["date_from"],
            date_to=data["date_to"],
            meeting_type=data["meeting_type"],
            document_kind=data["kind"],
            order=data["order"] or "newest",
        )
