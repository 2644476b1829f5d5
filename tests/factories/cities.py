"""Factories of cities' models; related rows stay inside one city."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from cities.models import (
    ApiKey,
    AuditEntry,
    Body,
    Category,
    City,
    CouncilMember,
    DataSyncLog,
    Membership,
    StaffCityAssignment,
)


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("city_key",)

    city_key = factory.Sequence(lambda n: f"city{n}")
    name = factory.Sequence(lambda n: f"Testville {n}")
    state = "AZ"
    total_seats = 7
    timezone = "America/Phoenix"


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    city = factory.SubFactory(CityFactory)
    full_name = factory.Sequence(lambda n: f"Member {n}")


class BodyFactory(factory.django.DjangoModelFactory):
    """A committee of a city (its council, the primary body, is made with the city: city_create or
    primary_body)."""

    class Meta:
        model = Body

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Committee on Matters {n}")
    kind = Body.Kind.COMMITTEE


def primary_body(city: City) -> Body:
    """The city's council (the primary body), made on first use."""
    from cities.services.council import primary_body_ensure

    return primary_body_ensure(city=city)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A council seat unless a body is given: a membership of the city's primary body."""

    class Meta:
        model = Membership

    member = factory.SubFactory(CouncilMemberFactory)
    city = factory.SelfAttribute("member.city")
    body = factory.LazyAttribute(lambda o: primary_body(o.city))
    role = Membership.Role.MEMBER
    title = "Council Member"
    district = factory.Sequence(lambda n: n % 7 + 1)
    start_date = dt.date(2023, 1, 1)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class DataSyncLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSyncLog

    city = factory.SubFactory(CityFactory)
    sync_type = "legistar"
    started_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")


class StaffCityAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffCityAssignment

    user = factory.SubFactory(UserFactory, is_staff=True)
    city = factory.SubFactory(CityFactory)


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    changed_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))
    username = "staff"
    action = AuditEntry.Action.UPDATE
    app_label = "cities"
    model = "city"
    object_id = "1"
    object_repr = "Testville"


class ApiKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiKey

    name = factory.Sequence(lambda n: f"Client {n}")
    city = factory.SubFactory(CityFactory)
    prefix = factory.Sequence(lambda n: f"key{n:05d}")
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
