"""The minutes search page: one form, one selector. A form it cannot read is shown again with what is wrong."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cities.forms import form_problems
from cities.pages import query_without_cursor
from search.forms import SearchForm
from search.selectors import search_minutes


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "search/search.html", {"form": form, "error": form_problems(form)}, status=400)
    page = search_minutes(form.params(), cursor=form.cleaned_data["cursor"] or None)
    return render(
        request, "search/search.html", {"form": form, "page": page, "filter_query": query_without_cursor(request)}
    )
