"""Meetings, agenda items, votes and member votes. Relations are filtered by id (number filters): the
browsable API never lists a whole table as choices."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers

from cities.api_base import (
    ApiFilterSet,
    CityScopedViewSet,
    MeetingDateRangeFilter,
    StrictBooleanFilter,
)
from cities.models import City
from meetings.models import AgendaItem, Meeting
from votes.models import MemberVote, Vote, VoteChoice


class MeetingSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="city_key", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "city",
            "meeting_date",
            "meeting_type",
            "body",
            "body_name",
            "status",
            "agenda_url",
            "minutes_url",
            "video_url",
        ]


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = [
            "id", "meeting", "sequence", "item_number", "title", "kind", "matter", "matter_type", "file_number",
            "is_consent",
        ]  # fmt: skip


class VoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vote
        fields = [
            "id",
            "agenda_item",
            "meeting_date",
            "kind",
            "action_name",
            "passed",
            "tally",
            "yes_count",
            "no_count",
            "absent_count",
            "abstain_count",
            "excused_count",
            "recused_count",
            "not_voting_count",
            "mover",
            "seconder",
        ]


class MemberVoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberVote
        fields = ["id", "vote", "member", "vote_choice", "raw_value", "meeting_date"]


class MeetingFilter(MeetingDateRangeFilter):
    class Meta:
        model = Meeting
        fields = ["meeting_type", "status"]


class MeetingViewSet(CityScopedViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter

    model = Meeting

    def city_queryset(self, city: City) -> QuerySet:
        return Meeting.objects.filter(city=city).select_related("city")


class AgendaItemFilter(ApiFilterSet):
    title = filters.CharFilter(field_name="title", lookup_expr="icontains", max_length=200)
    meeting = filters.NumberFilter(field_name="meeting_id")
    matter = filters.NumberFilter(field_name="matter_id")

    class Meta:
        model = AgendaItem
        fields = ["is_consent", "matter_type", "kind"]


class AgendaItemViewSet(CityScopedViewSet):
    serializer_class = AgendaItemSerializer
    filterset_class = AgendaItemFilter

    model = AgendaItem

    def city_queryset(self, city: City) -> QuerySet:
        return AgendaItem.objects.filter(city=city, removed_upstream_at__isnull=True)


class VoteFilter(MeetingDateRangeFilter):
    split = StrictBooleanFilter(method="filter_split")

    agenda_item = filters.NumberFilter(field_name="agenda_item_id")

    class Meta:
        model = Vote
        fields = ["passed", "kind"]

    def filter_split(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        split = {"yes_count__gt": 0, "no_count__gt": 0}
        return queryset.filter(**split) if value else queryset.exclude(**split)


class VoteViewSet(CityScopedViewSet):
    serializer_class = VoteSerializer
    filterset_class = VoteFilter

    model = Vote


class MemberVoteFilter(ApiFilterSet):
    vote_choice = filters.ChoiceFilter(choices=VoteChoice.choices)
    member = filters.NumberFilter(field_name="member_id")
    vote = filters.NumberFilter(field_name="vote_id")

    class Meta:
        model = MemberVote
        fields = ["vote_choice"]


class MemberVoteViewSet(CityScopedViewSet):
    """Member votes of one city (one hash partition); filter by member or vote."""

    serializer_class = MemberVoteSerializer
    filterset_class = MemberVoteFilter

    model = MemberVote
