"""Reads of a city's bodies: the list, and one body's members, meetings and legislation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from cities.cache import city_cached
from cities.models import Body, City, Membership
from cities.selectors import city_today, current_on_their_day, seat_order
from meetings.models import Matter, Meeting

BODY_MEETINGS_SHOWN = 10
BODY_MATTERS_SHOWN = 15


def city_bodies(*, city: City) -> list[Body]:
    """Active bodies first (the council, then by name), each with its number of current members."""

    def build() -> list[Body]:
        current = current_on_their_day([city], prefix="memberships__")
        bodies = Body.objects.filter(city=city).annotate(
            current_members=Count("memberships__member_id", filter=current, distinct=True)
        )
        return list(bodies.order_by("-active", "-is_primary", "kind", "name"))

    return city_cached(city.pk, "bodies", build)


@dataclass
class BodyDetail:
    body: Body
    current: list[Membership]
    past: list[Membership]
    meetings: list[Meeting]
    matters: list[Matter]


def body_detail(*, city: City, body_id: int) -> BodyDetail | None:
    """A body, its members now and before (by membership_body_start_idx), its latest meetings (by
    meeting_body_date_idx) and the legislation in its charge (by matter_body_last_action_idx): four queries."""
    body = Body.objects.filter(city=city, pk=body_id).first()
    if body is None:
        return None
    today = city_today(city)
    memberships = list(Membership.objects.filter(body=body).select_related("member").order_by("-start_date"))
    current_ids = {m.pk for m in memberships if m.start_date <= today and (m.end_date is None or m.end_date >= today)}
    current = sorted((m for m in memberships if m.pk in current_ids), key=seat_order)
    seen = {m.member_id for m in current}
    past = []
    for membership in memberships:  # newest first: each former member once, with their latest seat
        if membership.pk not in current_ids and membership.member_id not in seen:
            seen.add(membership.member_id)
            past.append(membership)
    meetings = list(Meeting.objects.filter(body=body).order_by("-meeting_date", "-id")[:BODY_MEETINGS_SHOWN])
    matters = list(
        Matter.objects.filter(body=body, removed_upstream_at__isnull=True)
        .order_by("-last_action_date", "-id")
        .only("id", "file_number", "name", "title", "status", "last_action_date")[:BODY_MATTERS_SHOWN]
    )
    return BodyDetail(body, current, past, meetings, matters)
