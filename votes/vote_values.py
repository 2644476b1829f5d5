"""What a source's vote value means: the city's own mapping first, then built-in defaults, else Unknown.

Matching is exact after trimming, folding whitespace and case: substring tests would read "No" into
"Non-voting". A value nobody mapped stays Unknown, with the raw text kept beside it; it is never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from votes.models import VoteChoice

# Built-in meanings, used when a city has no mapping row for a value (leave types councils record as vote
# values included). "Present" in a vote's roll call is present but not voting; in attendance, present.
DEFAULT_VOTE_VALUES: dict[str, str] = {
    **dict.fromkeys(["aye", "aye.", "yea", "yes", "y", "in favor", "affirmative", "approve", "for"], VoteChoice.YES),
    **dict.fromkeys(["nay", "nay.", "no", "n", "negative", "opposed", "against"], VoteChoice.NO),
    **dict.fromkeys(["abstain", "abstained", "abstention", "abstaining"], VoteChoice.ABSTAIN),
    **dict.fromkeys(
        ["recused", "recusal", "recuse", "recuses", "conflict", "conflict of interest", "conflicted"],
        VoteChoice.RECUSED,
    ),
    **dict.fromkeys(["absent", "not present", "absent (not excused)", "unexcused", "no show"], VoteChoice.ABSENT),
    **dict.fromkeys(
        [
            "excused", "excused absence", "absent (excused)", "absent - excused", "absent-excused", "medical",
            "medical leave", "sick", "parental", "parental leave", "maternity", "maternity leave", "paternity",
            "paternity leave", "family leave", "bereavement", "jury duty", "military", "military leave", "vacation",
            "leave", "leave of absence", "official business", "council business",
        ],
        VoteChoice.EXCUSED,
    ),
    **dict.fromkeys(
        ["not voting", "non-voting", "non voting", "did not vote", "no vote", "nv", "present", "present not voting"],
        VoteChoice.NOT_VOTING,
    ),
}  # fmt: skip
# Attendance roll calls: the same vocabulary, with "present" meaning present.
DEFAULT_ATTENDANCE_VALUES: dict[str, str] = {
    **dict.fromkeys(["present", "here", "in attendance", "yes", "aye", "late", "arrived late", "remote",
                     "present remotely", "virtual"], VoteChoice.PRESENT),
    **{key: value for key, value in DEFAULT_VOTE_VALUES.items() if value in (VoteChoice.ABSENT, VoteChoice.EXCUSED)},
}  # fmt: skip


def vote_value_key(raw: str) -> str:
    """The form values are compared in: trimmed, inner whitespace folded, case-folded."""
    return " ".join(raw.split()).casefold()


def vote_value_normalize(raw: Any, city_mapping: Mapping[str, str]) -> str:
    """A source's vote value as a VoteChoice; VoteChoice.UNKNOWN when nobody said what it means.

    `city_mapping` is keyed by `vote_value_key` (see `votes.selectors.city_vote_values`).
    """
    if not isinstance(raw, str) or not raw.strip():
        return VoteChoice.UNKNOWN
    key = vote_value_key(raw)
    choice = city_mapping.get(key) or DEFAULT_VOTE_VALUES.get(key) or VoteChoice.UNKNOWN
    return VoteChoice.NOT_VOTING if choice == VoteChoice.PRESENT else choice


def attendance_value_normalize(raw: Any, city_mapping: Mapping[str, str]) -> str:
    """A roll call of attendance's value as Present, Absent or Excused; UNKNOWN when nobody said what it means
    (a city's mapping of a value to Yes counts as present: councils answer a roll call with "Aye")."""
    if not isinstance(raw, str) or not raw.strip():
        return VoteChoice.UNKNOWN
    key = vote_value_key(raw)
    choice = city_mapping.get(key) or DEFAULT_ATTENDANCE_VALUES.get(key) or VoteChoice.UNKNOWN
    if choice in (VoteChoice.YES, VoteChoice.PRESENT):
        return VoteChoice.PRESENT
    return choice if choice in (VoteChoice.ABSENT, VoteChoice.EXCUSED) else VoteChoice.UNKNOWN
