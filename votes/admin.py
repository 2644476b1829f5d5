from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from cities.admin import ReadOnlyAdminMixin
from cities.admin_base import CityAdmin, CityScopedInline, staff_city_ids
from cities.admin_corrections import CorrectedFieldsAdminMixin, CorrectedInlineFormSet
from cities.models import CouncilMember
from cities.selectors import cities_for_user
from votes.data_quality import city_data_quality
from votes.models import MemberVote, MemberVotingSummary, Vote, VoteValueMapping
from votes.services import member_votes_corrected
from votes.tasks import refresh_member_voting_summary


def _corrected(vote_ids: list[int]) -> None:
    """A staff correction of member votes: the votes' counts follow now, the yearly summaries after commit."""
    member_votes_corrected(vote_ids=vote_ids)
    transaction.on_commit(refresh_member_voting_summary.delay)


class MemberVoteFormSet(CorrectedInlineFormSet):
    corrected_fields = ("vote_choice",)


class MemberVoteInline(CityScopedInline, admin.TabularInline):
    model = MemberVote
    formset = MemberVoteFormSet
    extra = 0
    fields = ["member", "vote_choice", "raw_value", "raw_member_name", "city", "meeting_date"]
    autocomplete_fields = ["member"]


@admin.register(Vote)
class VoteAdmin(CorrectedFieldsAdminMixin, CityAdmin):
    list_display = ["agenda_item", "city", "meeting_date", "action_name", "tally", "passed", "kind"]
    list_filter = ["city", "passed", "kind"]
    list_select_related = ["agenda_item", "city"]
    search_fields = ["agenda_item__title", "action_name"]
    autocomplete_fields = ["agenda_item", "city", "mover", "seconder"]
    # Hundreds of thousands of rows: newest by primary key (its index), no date hierarchy or
    # free-text filters (each would scan the table for its DISTINCT values on every page).
    ordering = ["-id"]
    inlines = [MemberVoteInline]
    readonly_fields = ["created_at", "updated_at"]

    def get_urls(self) -> list[URLPattern]:
        quality = path("data-quality/", self.admin_site.admin_view(self.data_quality), name="votes_data_quality")
        return [quality, *super().get_urls()]

    def data_quality(self, request: HttpRequest) -> HttpResponse:
        """Per city (the staff member's own): what needs attention and where each is fixed."""
        cities = list(cities_for_user(user=request.user).order_by("name"))
        chosen = request.GET.get("city", "")
        if chosen:
            city = next((c for c in cities if str(c.pk) == chosen), None)
            if city is None:
                raise Http404("No such city among yours.")
        else:
            city = cities[0] if len(cities) == 1 else None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Data quality{f': {city.name}' if city else ''}",
            "cities": cities,
            "quality": city_data_quality(city=city) if city else None,
        }
        return TemplateResponse(request, "admin/votes/data_quality.html", context)

    def save_formset(self, request: HttpRequest, form: forms.BaseForm, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is MemberVote and (formset.changed_objects or formset.new_objects or formset.deleted_objects):
            _corrected([formset.instance.pk])


@admin.register(MemberVote)
class MemberVoteAdmin(CorrectedFieldsAdminMixin, CityAdmin):
    """Up to millions of rows: capped count, no COUNT(*) of the full table, ids for relations."""

    corrected_fields = ("vote_choice",)

    list_display = ["id", "member", "vote_choice", "raw_value", "meeting_date", "vote"]
    list_filter = ["vote_choice", "city"]
    list_select_related = ["member", "vote"]
    raw_id_fields = ["vote", "member"]
    search_fields = ["member__full_name"]
    search_help_text = "Part of a member's name, e.g. Garcia"
    ordering = ["-id"]
    readonly_fields = ["created_at", "updated_at"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[MemberVote], search_term: str
    ) -> tuple[QuerySet[MemberVote], bool]:
        """Names are looked up among the (few) members first, then their votes by their city and id
        (membervote_city_member_date_idx): a join that filters millions of votes on a name pattern would read
        them all."""
        words = search_term.split()
        if not words:
            return queryset, False
        members = CouncilMember.objects.all()
        city_ids = staff_city_ids(request)
        if city_ids is not None:  # the staff's own cities: another city's namesakes would only crowd them out
            members = members.filter(city_id__in=city_ids)
        for word in words[:5]:
            members = members.filter(full_name__icontains=word)
        found = list(members.values_list("city_id", "id"))
        return queryset.filter(city_id__in={city for city, _ in found}, member_id__in=[pk for _, pk in found]), False

    def save_model(self, request: HttpRequest, obj: Model, form: forms.BaseForm, change: bool) -> None:
        assert isinstance(obj, MemberVote)
        before = MemberVote.objects.filter(pk=obj.pk).values_list("vote_id", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        _corrected([vote_id for vote_id in {before, obj.vote_id} if vote_id is not None])

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        assert isinstance(obj, MemberVote)
        super().delete_model(request, obj)
        _corrected([obj.vote_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[MemberVote]) -> None:
        vote_ids = list(queryset.values_list("vote_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        _corrected(vote_ids)


@admin.register(MemberVotingSummary)
class MemberVotingSummaryAdmin(ReadOnlyAdminMixin, CityAdmin):
    list_display = [
        "member",
        "vote_year",
        "total_votes",
        "yes_votes",
        "no_votes",
        "absent_count",
        "abstain_count",
        "with_majority",
    ]
    list_filter = ["city", "vote_year"]
    list_select_related = ["member"]

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_staff


@admin.register(VoteValueMapping)
class VoteValueMappingAdmin(CityAdmin):
    """What a city's source means by each vote value; unknown values show up in the sync log."""

    list_display = ["city", "raw_value", "vote_choice"]
    list_filter = ["city", "vote_choice"]
    search_fields = ["raw_value"]
