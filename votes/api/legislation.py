"""Legislation: matters with their sponsors, history (each step's roll call when there was one) and public
attachments."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from cities.api_base import ApiFilterSet, CityScopedViewSet, NewestFirst
from cities.models import City
from meetings.models import Matter, MatterAction, MatterAttachment, MatterSponsor
from meetings.selectors.matters import MatterFilters, matters_filtered, public_matters


class SponsorSerializer(serializers.ModelSerializer):
    primary = serializers.BooleanField(source="is_primary")

    class Meta:
        model = MatterSponsor
        fields = ["member", "name", "primary"]


class ActionSerializer(serializers.ModelSerializer):
    date = serializers.DateField(source="action_date")
    action = serializers.CharField(source="action_name")
    body = serializers.SerializerMethodField()
    vote = serializers.SerializerMethodField()

    class Meta:
        model = MatterAction
        fields = ["date", "action", "body", "meeting", "agenda_item", "passed", "tally", "vote"]

    @extend_schema_field(serializers.CharField())
    def get_body(self, action: MatterAction) -> str:
        return action.body.name if action.body else action.body_name

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_vote(self, action: MatterAction) -> int | None:
        """The roll call behind the step: the vote of the agenda item it was taken on, if any."""
        vote = getattr(action.agenda_item, "vote", None) if action.agenda_item_id else None
        return vote.pk if vote is not None else None


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatterAttachment
        fields = ["name", "url"]


class MatterSerializer(serializers.ModelSerializer):
    file = serializers.CharField(source="file_number")
    type = serializers.CharField(source="matter_type")

    class Meta:
        model = Matter
        fields = ["id", "file", "name", "title", "type", "status", "intro_date", "passed_date", "enactment_number",
                  "last_action_date", "body"]  # fmt: skip


class MatterDetailSerializer(MatterSerializer):
    sponsors = SponsorSerializer(many=True, read_only=True)
    history = ActionSerializer(many=True, read_only=True, source="actions")
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(MatterSerializer.Meta):
        fields = [*MatterSerializer.Meta.fields, "version", "agenda_date", "enactment_date", "summary", "sponsors",
                  "history", "attachments"]  # fmt: skip


class MatterFilter(ApiFilterSet):
    file = filters.CharFilter(method="by_filters", max_length=50, help_text='As typed: "Int 0047-2024", "47-2024"')
    status = filters.CharFilter(method="by_filters", max_length=100)
    type = filters.CharFilter(method="by_filters", max_length=100)
    sponsor = filters.NumberFilter(method="by_filters", help_text="A member id")
    body = filters.NumberFilter(method="by_filters", help_text="A body id")
    introduced_from = filters.DateFilter(method="by_filters")
    introduced_to = filters.DateFilter(method="by_filters")

    class Meta:
        model = Matter
        fields: list[str] = []

    def by_filters(self, queryset: QuerySet[Matter], name: str, value: Any) -> QuerySet[Matter]:
        return queryset  # applied together in filter_queryset, through the same selector as the pages

    def filter_queryset(self, queryset: QuerySet[Matter]) -> QuerySet[Matter]:
        data = self.form.cleaned_data
        chosen = MatterFilters(
            matter_type=data.get("type") or "",
            status=data.get("status") or "",
            sponsor_id=int(data["sponsor"]) if data.get("sponsor") else None,
            body_id=int(data["body"]) if data.get("body") else None,
            introduced_from=data.get("introduced_from"),
            introduced_to=data.get("introduced_to"),
            file_number=data.get("file") or "",
        )
        city = self.request.parser_context["view"].city()
        return matters_filtered(city=city, filters=chosen)


class LatestActionFirst(NewestFirst):
    ordering = ("-last_action_date", "-id")


@extend_schema_view(
    list=extend_schema(summary="Legislation of a city, latest action first"),
    retrieve=extend_schema(summary="One matter: sponsors, history (with each step's roll call), attachments"),
)
class MatterViewSet(CityScopedViewSet):
    filterset_class = MatterFilter
    pagination_class = LatestActionFirst
    model = Matter

    def get_serializer_class(self) -> type[serializers.ModelSerializer]:
        return MatterDetailSerializer if self.action == "retrieve" else MatterSerializer

    def city_queryset(self, city: City) -> QuerySet[Any]:
        matters = public_matters(city=city)
        if self.action != "retrieve":
            return matters
        actions = MatterAction.objects.select_related("body", "agenda_item__vote").order_by("action_date", "id")
        return matters.prefetch_related(
            Prefetch("sponsors", MatterSponsor.objects.order_by("sequence", "id")),
            Prefetch("actions", actions),
            Prefetch("attachments", MatterAttachment.objects.order_by("sort", "id")),
        )
