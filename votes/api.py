"""Read-only JSON API over the same selectors' tables: cursor pagination, filters, throttling."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from cities.models import City, CouncilMember, Term
from cities.selectors import api_key_active
from meetings.models import AgendaItem, Meeting
from votes.models import MemberVote, Vote, VoteChoice

API_KEY_HEADER = "X-Api-Key"


class ApiKeyThrottle(SimpleRateThrottle):
    """Per key, at the key's own rate; requests without a valid key fall to the per-IP throttle."""

    scope = "api_key"

    def allow_request(self, request, view) -> bool:
        key = api_key_active(plain=request.headers.get(API_KEY_HEADER, ""))
        if key is None:
            return True
        request.api_key = key
        self.rate = f"{key.requests_per_minute}/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.api_key.pk}

    def get_rate(self) -> str:
        return "120/min"  # replaced per key in allow_request


class PerIpThrottle(AnonRateThrottle):
    """Anonymous clients, per IP (keyed clients are limited by ApiKeyThrottle instead)."""

    scope = "per_ip"

    def get_rate(self) -> str:
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    def allow_request(self, request, view) -> bool:
        if getattr(request, "api_key", None) is not None:
            return True
        return super().allow_request(request, view)


class NewestFirst(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-id"

    def paginate_queryset(self, queryset, request, view=None):
        """DRF cursors are not signed: a forged one is a 404 or, with a position of the wrong type,
        an error deep in the query. Both are the client's mistake: 400 with a message."""
        try:
            return super().paginate_queryset(queryset, request, view)
        except (NotFound, ValueError, TypeError, DjangoValidationError) as error:
            raise ValidationError({"cursor": "This cursor is not valid. Start again without it."}) from error


class CitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "city_key", "name", "state", "total_seats", "timezone", "primary_color", "secondary_color"]


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "member", "position", "district", "term_start", "term_end", "appointment_type", "is_current"]


class MemberSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(slug_field="city_key", read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["id", "city", "full_name", "photo_url", "party_affiliation"]


class MeetingSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(slug_field="city_key", read_only=True)

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


class CityScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists under /api/cities/<city_key>/...: one city at a time, so every query carries city_id."""

    pagination_class = NewestFirst
    filter_backends = [filters.DjangoFilterBackend]
    throttle_classes = [ApiKeyThrottle, PerIpThrottle]

    model: type

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no city
            return self.model.objects.none()
        return self.city_queryset(self.city())

    def city_queryset(self, city: City) -> QuerySet:
        """The model's rows of this city (every list table carries city_id); override to add joins."""
        return self.model.objects.filter(city_id=city.id)

    def city(self) -> City:
        if not hasattr(self, "_city"):
            self._city = City.objects.filter(city_key=self.kwargs["city_key"]).first()
            if self._city is None:
                raise NotFound("No city with that key.")
        return self._city


class CityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = City.objects.order_by("id")
    serializer_class = CitySerializer
    lookup_field = "city_key"
    pagination_class = NewestFirst
    throttle_classes = [ApiKeyThrottle, PerIpThrottle]


class MemberViewSet(CityScopedViewSet):
    serializer_class = MemberSerializer

    model = CouncilMember

    def city_queryset(self, city: City) -> QuerySet:
        return CouncilMember.objects.filter(city=city).select_related("city")


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0): anything else is the client's mistake, not "no filter" as django-filter
    reads it (?split=yes answered the unfiltered list)."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if str(value).lower() in ("true", "1"):
            return True
        if str(value).lower() in ("false", "0"):
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")

    def validate(self, value) -> None:
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", forms.TextInput)  # the raw value: django-filter's widget maps unknown ones to None
        super().__init__(*args, **kwargs)


class ApiFilterSet(filters.FilterSet):
    """The API's filters: booleans are strict (see StrictBooleanField)."""

    FILTER_DEFAULTS = {**filters.FilterSet.FILTER_DEFAULTS, models.BooleanField: {"filter_class": StrictBooleanFilter}}


class TermFilter(ApiFilterSet):
    is_current = StrictBooleanFilter(field_name="is_current")

    class Meta:
        model = Term
        fields = ["member", "position"]


class TermViewSet(CityScopedViewSet):
    serializer_class = TermSerializer
    filterset_class = TermFilter

    model = Term


class MeetingDateRangeFilter(ApiFilterSet):
    """`date_from` / `date_to` on meeting_date, shared by the lists that carry it."""

    date_from = filters.DateFilter(field_name="meeting_date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="meeting_date", lookup_expr="lte")


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
