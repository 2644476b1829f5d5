import pytest
from django.core.management import call_command

from cities.models import City, Membership
from devtools.demo.councils import demo_seed
from votes.models import MemberVote, MemberVotingSummary, Vote

pytestmark = pytest.mark.django_db(transaction=True)


def test_seed_demo_loads_three_councils_and_is_idempotent():
    first = demo_seed()
    assert first.cities == 3
    counts = (MemberVote.objects.count(), Vote.objects.count(), Membership.objects.count())
    second = demo_seed()
    assert second.cities == 0
    assert (MemberVote.objects.count(), Vote.objects.count(), Membership.objects.count()) == counts
    assert set(City.objects.values_list("city_key", flat=True)) == {"riverton", "mesa_verde", "lakeside"}


def test_seed_demo_has_split_votes_turnover_and_a_refreshed_summary():
    demo_seed()
    riverton = City.objects.get(city_key="riverton")
    assert Vote.objects.filter(city=riverton, yes_count__gt=0, no_count__gt=0).exists()
    assert (
        Vote.objects.filter(city=riverton, no_count=0).count()
        > Vote.objects.filter(city=riverton, no_count__gt=0).count()
    )
    # Linh Nguyen changed seats; Claire Whitfield left mid-term and an appointee followed.
    council = Membership.objects.filter(body__is_primary=True)
    assert council.filter(member__full_name="Linh Nguyen").count() == 2
    assert council.filter(member__full_name="Claire Whitfield", end_date__isnull=False).exists()
    assert council.filter(city=riverton, appointment_type="appointed").exists()
    assert MemberVotingSummary.objects.filter(city=riverton).exists()


def test_seed_demo_is_deterministic():
    demo_seed()
    titles = list(
        Vote.objects.order_by("meeting_date", "agenda_item__sequence", "city__city_key").values_list(
            "agenda_item__title", "tally"
        )[:50]
    )
    call_command("flush", "--noinput", verbosity=0)
    demo_seed()
    again = list(
        Vote.objects.order_by("meeting_date", "agenda_item__sequence", "city__city_key").values_list(
            "agenda_item__title", "tally"
        )[:50]
    )
    assert titles == again


def test_seed_demo_scale_adds_benchmark_cities_in_parallel():
    stats = demo_seed(scale=2, workers=2)
    assert stats.cities == 5
    bench = City.objects.get(city_key="bench001")
    assert MemberVote.objects.filter(city=bench).count() > 30_000


def test_a_city_left_without_data_by_an_interrupted_run_is_loaded_next_time():
    from devtools.demo.councils import _city_ensure, demo_city_specs

    _city_ensure(demo_city_specs()[0])  # as if the loader died after creating the city
    stats = demo_seed()
    assert stats.cities == 3
    assert Vote.objects.filter(city__city_key="riverton").exists()
