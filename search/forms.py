from django import forms

from cities.forms import FilterDateField
from meetings.models import MinutesDocument
from search.selectors import MAX_QUERY_LENGTH, RELEVANCE_CANDIDATES


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, strip=True, label="Search minutes")
    city = forms.SlugField(required=False, max_length=50)
    date_from = FilterDateField(required=False, label="From")
    date_to = FilterDateField(required=False, label="To")
    meeting_type = forms.CharField(required=False, max_length=100, label="Meeting or body")
    kind = forms.ChoiceField(
        required=False, choices=[("", "Any document"), *MinutesDocument.Kind.choices], label="Document"
    )
    order = forms.ChoiceField(
        required=False,
        label="Order",
        choices=[("newest", "Newest first"), ("relevance", f"Most relevant of the newest {RELEVANCE_CANDIDATES:,}")],
    )
    cursor = forms.CharField(required=False, max_length=600)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The start date is after the end date.")
        return data
