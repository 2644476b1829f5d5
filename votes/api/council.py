"""Cities, their members, bodies and memberships."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from cities.api_base import API_THROTTLES, ApiFilterSet, CityScopedViewSet, NewestFirst, StrictBooleanFilter
from cities.models import Body, City, CouncilMember, Membership
from cities.selectors import current_on_their_day


class CitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "city_key", "name", "state", "total_seats", "timezone", "primary_color", "secondary_color"]


class MemberSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="city_key", read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["id", "city", "full_name", "photo_url", "party_affiliation"]


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["id", "member", "body", "role", "title", "district", "start_date", "end_date", "appointment_type"]


class BodySerializer(serializers.ModelSerializer):
    current_memberships = MembershipSerializer(many=True, read_only=True, source="current")

    class Meta:
        model = Body
        fields = ["id", "name", "kind", "is_primary", "active", "current_memberships"]


@extend_schema_view(list=extend_schema(summary="Cities"), retrieve=extend_schema(summary="One city"))
class CityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = City.objects.order_by("id")
    serializer_class = CitySerializer
    lookup_field = "city_key"
    pagination_class = NewestFirst
    throttle_classes = API_THROTTLES


class MemberFilter(ApiFilterSet):
    current = StrictBooleanFilter(method="filter_current", label="Sitting on the council today")

    class Meta:
        model = CouncilMember
        fields: list[str] = []

    def filter_current(self, queryset: QuerySet[CouncilMember], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        city = self.request.parser_context["view"].city()
        sitting = Membership.objects.filter(current_on_their_day([city]), body__is_primary=True).values("member_id")
        return queryset.filter(id__in=sitting) if value else queryset.exclude(id__in=sitting)


@extend_schema_view(list=extend_schema(summary="Council members of a city (current=true: sitting today)"))
class MemberViewSet(CityScopedViewSet):
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    model = CouncilMember

    def city_queryset(self, city: City) -> QuerySet[Any]:
        return CouncilMember.objects.filter(city=city).select_related("city")


class MembershipFilter(ApiFilterSet):
    member = filters.NumberFilter(field_name="member_id")
    body = filters.NumberFilter(field_name="body_id")

    class Meta:
        model = Membership
        fields = ["role"]


@extend_schema_view(list=extend_schema(summary="Memberships of bodies (council seats are the primary body's)"))
class MembershipViewSet(CityScopedViewSet):
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    model = Membership


class BodyFilter(ApiFilterSet):
    class Meta:
        model = Body
        fields = ["kind", "active"]


@extend_schema_view(list=extend_schema(summary="Bodies of a city, each with its current memberships"))
class BodyViewSet(CityScopedViewSet):
    serializer_class = BodySerializer
    filterset_class = BodyFilter
    model = Body

    def city_queryset(self, city: City) -> QuerySet[Any]:
        current = Membership.objects.filter(current_on_their_day([city])).order_by("role", "member_id")
        return Body.objects.filter(city=city).prefetch_related(Prefetch("memberships", current, to_attr="current"))
