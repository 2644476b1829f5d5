"""A staff correction of a member's vote keeps the public record consistent: counts, tally and the page."""

import pytest

from cities.models import Correction
from tests.factories import CityFactory, UserFactory
from tests.factories.votes import MemberVoteFactory, VoteFactory
from votes.models import MemberVote, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote():
    vote = VoteFactory(agenda_item__meeting__city=CityFactory(city_key="springfield"), yes_count=5, tally="5-0")
    for _ in range(5):
        MemberVoteFactory(vote=vote)
    return vote


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _change(admin_client, ballot: MemberVote, choice: str, reason: str = "The clerk's minutes say so"):
    form = {
        "city": ballot.city_id, "vote": ballot.vote_id, "member": ballot.member_id, "vote_choice": choice,
        "raw_value": "Nay", "raw_member_name": "", "meeting_date": ballot.meeting_date.isoformat(),
        "correction_reason": reason,
    }  # fmt: skip
    return admin_client.post(f"/admin/votes/membervote/{ballot.pk}/change/", form)


def test_changing_a_members_choice_recounts_the_vote(admin_client, vote, django_capture_on_commit_callbacks):
    ballot = vote.member_votes.first()
    with django_capture_on_commit_callbacks(execute=True):
        assert _change(admin_client, ballot, "No").status_code == 302
    vote.refresh_from_db()
    assert (vote.yes_count, vote.no_count, vote.tally) == (4, 1, "4-1")


def test_the_public_item_page_shows_the_corrected_tally_at_once(
    admin_client, client, vote, django_capture_on_commit_callbacks
):
    page = f"/springfield/items/{vote.agenda_item_id}/"
    assert "5\u20130" in client.get(page).content.decode()  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        _change(admin_client, vote.member_votes.first(), "No")
    html = client.get(page).content.decode()
    assert "4\u20131" in html and "5\u20130" not in html


def test_a_correction_needs_a_reason(admin_client, vote):
    ballot = vote.member_votes.first()
    assert _change(admin_client, ballot, "No", reason="").status_code == 200
    ballot.refresh_from_db()
    assert ballot.vote_choice == "Yes" and not Correction.objects.exists()


def test_a_correction_is_kept_with_who_and_why_and_the_public_page_says_so(
    admin_client, client, vote, django_capture_on_commit_callbacks
):
    ballot = vote.member_votes.first()
    with django_capture_on_commit_callbacks(execute=True):
        _change(admin_client, ballot, "No")
    correction = Correction.objects.get()
    assert (correction.model, correction.row_id, correction.field) == ("votes.membervote", ballot.pk, "vote_choice")
    assert (correction.value, correction.original_value, correction.reason) == (
        "No",
        "Yes",
        "The clerk's minutes say so",
    )
    html = client.get(f"/springfield/items/{vote.agenda_item_id}/").content.decode()
    assert (
        f"{ballot.member.full_name}'s vote corrected by city staff" in html
        and "The clerk&#x27;s minutes say so" in html
    )


def test_deleting_a_members_vote_recounts_the_vote(admin_client, vote, django_capture_on_commit_callbacks):
    ballot = vote.member_votes.first()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/votes/membervote/{ballot.pk}/delete/", {"post": "yes"})
    assert Vote.objects.get(pk=vote.pk).yes_count == 4


@pytest.mark.parametrize(
    ("action", "passed", "words"),
    [("Approved", True, "Approved"), ("Motion to deny", True, "Denied"), ("Adopted", False, "Failed"),
     ("Deferred to a date certain", True, "Deferred"), ("Held in committee", None, "Held in committee")],
)  # fmt: skip
def test_the_outcome_says_what_the_vote_decided(action, passed, words):
    assert Vote(action_name=action, passed=passed).decision == words


def test_an_item_page_says_when_the_result_and_the_roll_call_disagree(client, vote):
    Vote.objects.filter(pk=vote.pk).update(yes_count=4, no_count=5, tally="", passed=True)
    html = client.get(f"/springfield/items/{vote.agenda_item_id}/").content.decode()
    assert "Approved 4\u20135" in html
    assert "the city's official record" in html


def test_correcting_a_roll_call_row_on_the_vote_form_recounts_and_keeps_the_correction(
    admin_client, vote, django_capture_on_commit_callbacks
):
    from tests.admin_forms import change_form_data, inline_prefix_of

    ballot = vote.member_votes.first()
    page = admin_client.get(f"/admin/votes/vote/{vote.pk}/change/")
    data = change_form_data(page) | {
        f"{inline_prefix_of(page, ballot)}-vote_choice": "No",
        "correction_reason": "The clerk's minutes say so",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(f"/admin/votes/vote/{vote.pk}/change/", data).status_code == 302
    vote.refresh_from_db()
    correction = Correction.objects.get()
    assert (vote.yes_count, vote.no_count, vote.tally) == (4, 1, "4-1")
    assert (correction.row_id, correction.field, correction.value) == (ballot.pk, "vote_choice", "No")


def test_a_roll_call_row_changed_on_the_vote_form_without_a_reason_is_refused(admin_client, vote):
    from tests.admin_forms import change_form_data, inline_prefix_of

    ballot = vote.member_votes.first()
    page = admin_client.get(f"/admin/votes/vote/{vote.pk}/change/")
    data = change_form_data(page) | {f"{inline_prefix_of(page, ballot)}-vote_choice": "No"}
    answer = admin_client.post(f"/admin/votes/vote/{vote.pk}/change/", data)
    ballot.refresh_from_db()
    assert answer.status_code == 200 and "Say why this is corrected" in answer.content.decode()
    assert ballot.vote_choice == "Yes" and not Correction.objects.exists()
