"""The read-only JSON API of council data (cities, members, terms, meetings, items, votes, member votes):
one city per list, cursor pages, strict filters, key-or-address throttles (cities.api_base)."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from cities.api_base import (
    API_THROTTLES,
    ApiFilterSet,
    CityScopedViewSet,
    MeetingDateRangeFilter,
    NewestFirst,
    StrictBooleanFilter,
)
from cities.models import City, CouncilMember, Term
from meetings.models import AgendaItem, Meeting
from votes.models import MemberVote, Vote, VoteChoice


class CitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "city_key", "name", "state", "total_seats", "timezone", "primary_color", "secondary_color"]


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "member", "position", "district", "term_start", "term_end", "appointment_type", "is_current"]


class MemberSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="city_key", read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["id", "city", "full_name", "photo_url", "party_affiliation"]


class MeetingSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="city_key", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "city",
            "meeting_date",
            "meeting_type",
            "body_name",
            "status",
            "agenda_url",
            "minutes_url",
            "video_url",
        ]


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "sequence", "item_number", "title", "matter_type", "file_number", "is_consent"]


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
            "mover",
            "seconder",
        ]


class MemberVoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberVote
        fields = ["id", "vote", "member", "vote_choice", "raw_value", "meeting_date"]


class CityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = City.objects.order_by("id")
    serializer_class = CitySerializer
    lookup_field = "city_key"
    pagination_class = NewestFirst
    throttle_classes = API_THROTTLES


class MemberViewSet(CityScopedViewSet):
    serializer_class = MemberSerializer

    model = CouncilMember

    def city_queryset(self, city: City) -> QuerySet:
        return CouncilMember.objects.filter(city=city).select_related("city")


class TermFilter(ApiFilterSet):
    is_current = StrictBooleanFilter(field_name="is_current")

    class Meta:
        model = Term
        fields = ["member", "position"]


class TermViewSet(CityScopedViewSet):
    serializer_class = TermSerializer
    filterset_class = TermFilter

    model = Term


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

    class Meta:
        model = AgendaItem
        fields = ["meeting", "is_consent", "matter_type"]


class AgendaItemViewSet(CityScopedViewSet):
    serializer_class = AgendaItemSerializer
    filterset_class = AgendaItemFilter

    model = AgendaItem

    def city_queryset(self, city: City) -> QuerySet:
        return AgendaItem.objects.filter(city=city, removed_upstream_at__isnull=True)


class VoteFilter(MeetingDateRangeFilter):
    split = StrictBooleanFilter(method="filter_split")

    class Meta:
        model = Vote
        fields = ["passed", "kind", "agenda_item"]

    def filter_split(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        split = {"yes_count__gt": 0, "no_count__gt": 0}
        return queryset.filter(**split) if value else queryset.exclude(**split)


class VoteViewSet(CityScopedViewSet):
    serializer_class = VoteSerializer
    filterset_class = VoteFilter

    model = Vote


class MemberVoteFilter(ApiFilterSet):
    vote_choice = filters.ChoiceFilter(choices=VoteChoice.choices)

    class Meta:
        model = MemberVote
        fields = ["member", "vote", "vote_choice"]


class MemberVoteViewSet(CityScopedViewSet):
    """Member votes of one city (one hash partition); filter by member or vote."""

    serializer_class = MemberVoteSerializer
    filterset_class = MemberVoteFilter

    model = MemberVote
