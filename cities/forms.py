"""Form fields and the filter form shared by the public filters."""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpRequest

from cities.errors import InvalidInput

EARLIEST_DATE = dt.date(1800, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)


class FilterDateField(forms.DateField):
    """A date filter within years a council record can have: the month arithmetic of windowed searches
    (a month past 9999-12-31) and PostgreSQL's date ranges otherwise fail on the extremes with a 500."""

    def __init__(self, **kwargs: Any) -> None:
        message = f"Dates must be between {EARLIEST_DATE:%Y} and {LATEST_DATE:%Y}."
        super().__init__(
            validators=[
                MinValueValidator(EARLIEST_DATE, message=message),
                MaxValueValidator(LATEST_DATE, message=message),
            ],
            **kwargs,
        )


def form_problems(form: forms.Form) -> str:
    """Every error of a form, each once, in one sentence (a field's own message says what it wants)."""
    messages = dict.fromkeys(
        f"{form.fields[name].label or name}: {message}" if name in form.fields else str(message)
        for name, errors in form.errors.items()
        for message in errors
    )
    return "; ".join(messages) or "Some fields are not valid."


class FilterForm(forms.Form):
    """A page's filters from its query string."""

    @classmethod
    def read(cls, request: HttpRequest) -> Self:
        """The request's filters; InvalidInput (a 400 page) when some cannot be read."""
        form = cls(request.GET)
        if not form.is_valid():
            raise InvalidInput(f"Some filters are not valid ({form_problems(form)}).", code="bad_filter")
        return form
