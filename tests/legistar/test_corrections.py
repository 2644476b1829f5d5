"""Staff corrections of ingested fields survive the next sync of real recorded Dallas data."""

import pytest

from cities.models import Correction, CouncilMember
from cities.services.corrections import correction_record
from legistar.sync import legistar_sync
from meetings.models import AgendaItem
from tests.factories import UserFactory
from votes.models import MemberVote, Vote, VoteChoice
from votes.services import member_votes_corrected

pytestmark = pytest.mark.django_db


def _correct(obj, field: str, value, reason: str):
    before = getattr(obj, field)
    setattr(obj, field, value)
    obj.save()
    return correction_record(user=UserFactory(username="clerk"), obj=obj, field=field, before=before, reason=reason)


@pytest.fixture
def synced(dallas, make_client):
    legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    return dallas


def test_a_corrected_title_is_kept_and_the_sources_value_noted_while_an_uncorrected_edit_is_overwritten(
    synced, make_client
):
    corrected, edited = AgendaItem.objects.filter(city=synced).order_by("id")[:2]
    source_title = corrected.title
    _correct(corrected, "title", "Corrected title", "The source misspells the street")
    AgendaItem.objects.filter(pk=edited.pk).update(title="Edited without a correction")
    legistar_sync(city=synced, client=make_client("dallas"), full=True)
    corrected.refresh_from_db()
    edited.refresh_from_db()
    assert corrected.title == "Corrected title"
    assert edited.title != "Edited without a correction"
    correction = Correction.objects.get(row_id=corrected.pk)
    assert correction.source_value == source_title and correction.source_changed_at is not None
    assert (correction.corrected_by_name, correction.original_value) == ("clerk", source_title)


def test_a_corrected_vote_value_is_kept_and_its_vote_counted_from_it(synced, make_client):
    vote = Vote.objects.filter(city=synced, no_count=0, yes_count__gt=0).first()
    ballot = MemberVote.objects.filter(vote=vote, vote_choice=VoteChoice.YES).first()
    _correct(ballot, "vote_choice", VoteChoice.NO, "Minutes of the next meeting record a No")
    member_votes_corrected(vote_ids=[vote.pk])
    legistar_sync(city=synced, client=make_client("dallas"), full=True)
    ballot.refresh_from_db()
    vote.refresh_from_db()
    assert ballot.vote_choice == VoteChoice.NO
    assert vote.no_count == MemberVote.objects.filter(vote=vote, vote_choice=VoteChoice.NO).count() == 1


def test_a_corrected_member_name_is_kept(synced, make_client):
    member = CouncilMember.objects.filter(city=synced).exclude(legistar_person_id=None).first()
    _correct(member, "full_name", "Adam Bazaldúa", "The source drops the accent")
    legistar_sync(city=synced, client=make_client("dallas"), full=True)
    member.refresh_from_db()
    assert member.full_name == "Adam Bazaldúa"
