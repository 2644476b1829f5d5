"""Factories of votes' models; related rows stay inside one city."""

from __future__ import annotations

import factory

from tests.factories.cities import CityFactory, CouncilMemberFactory
from tests.factories.meetings import AgendaItemFactory
from votes.models import MemberVote, Vote, VoteChoice, VoteValueMapping


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    agenda_item = factory.SubFactory(AgendaItemFactory)
    city = factory.SelfAttribute("agenda_item.city")
    meeting_date = factory.SelfAttribute("agenda_item.meeting.meeting_date")
    action_name = "Approved"
    passed = True


class MemberVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberVote

    vote = factory.SubFactory(VoteFactory)
    city = factory.SelfAttribute("vote.city")
    member = factory.SubFactory(CouncilMemberFactory, city=factory.SelfAttribute("..vote.city"))
    meeting_date = factory.SelfAttribute("vote.meeting_date")
    vote_choice = VoteChoice.YES
    raw_value = "Aye"


class VoteValueMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoteValueMapping
        django_get_or_create = ("city", "raw_value")

    city = factory.SubFactory(CityFactory)
    raw_value = "Aye"
    vote_choice = VoteChoice.YES
