"""What a source's vote value means: the city's own mapping first, then built-in defaults, else Unknown.

Matching is exact after trimming, folding whitespace and case: substring tests would read "No" into
"Non-voting". A value nobody mapped stays Unknown, with the raw text kept beside it; it is never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from votes.models import VoteChoice

# Built-in meanings, used when a city has no mapping row for a value.
DEFAULT_VOTE_VALUES: dict[str, str] = {
    **dict.fromkeys(["aye", "yea", "yes", "in favor", "affirmative", "approve", "y"], VoteChoice.YES),
    **dict.fromkeys(["nay", "no", "negative", "opposed", "n"], VoteChoice.NO),
    **dict.fromkeys(
        [
            "absent", "excused", "absent (excused)", "medical", "medical leave", "parental leave", "jury duty",
            "vacation", "leave", "excused absence", "not present",
        ],
        VoteChoice.ABSENT,
    ),
    **dict.fromkeys(["abstain", "abstained", "abstention", "recused", "recusal", "conflict"], VoteChoice.ABSTAIN),
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
    return city_mapping.get(key) or DEFAULT_VOTE_VALUES.get(key) or VoteChoice.UNKNOWN
