"""What a sync run did, counted per kind of record: created, updated, unchanged, skipped (with reasons)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any


def _counter() -> defaultdict[str, defaultdict[str, int]]:
    return defaultdict(lambda: defaultdict(int))


@dataclass
class SyncReport:
    city_key: str
    counts: defaultdict[str, defaultdict[str, int]] = field(default_factory=_counter)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    unknown_vote_values: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    requests: int = 0
    requests_by_kind: Counter[str] = field(default_factory=Counter)  # "eventitems/{id}/votes": n
    seconds: float = 0.0
    error: str = ""
    unavailable: bool = False  # the API was down (worth retrying), as opposed to a bad answer

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        if n:
            self.counts[kind][outcome] += n

    def count_rows(self, kind: str, *, created: int, updated: int, total: int) -> None:
        """Counts of one write: of `total` rows sent, how many were created and updated; the rest unchanged."""
        self.count(kind, "created", created)
        self.count(kind, "updated", updated)
        self.count(kind, "unchanged", total - created - updated)

    def skip(self, kind: str, source_id: Any, reason: str) -> None:
        self.count(kind, "skipped")
        self.skipped.append({"object": kind, "source_id": source_id, "reason": reason})

    def merge(self, other: dict[str, Any]) -> None:
        """Add a worker process's report (`as_parts`)."""
        for kind, outcomes in other["counts"].items():
            for outcome, n in outcomes.items():
                self.count(kind, outcome, n)
        self.skipped.extend(other["skipped"])
        for value, n in other["unknown_vote_values"].items():
            self.unknown_vote_values[value] += n
        self.requests += other["requests"]
        self.requests_by_kind.update(other["requests_by_kind"])
        self.error = self.error or other["error"]
        self.unavailable = self.unavailable or other["unavailable"]

    def as_parts(self) -> dict[str, Any]:
        """Plain data, for passing between processes."""
        return {
            "counts": self.plain_counts(),
            "skipped": self.skipped,
            "unknown_vote_values": dict(self.unknown_vote_values),
            "requests": self.requests,
            "requests_by_kind": dict(self.requests_by_kind),
            "error": self.error,
            "unavailable": self.unavailable,
        }

    def plain_counts(self) -> dict[str, dict[str, int]]:
        return {kind: dict(outcomes) for kind, outcomes in self.counts.items()}

    def counted(self, kind: str, outcome: str) -> int:
        """How many records of `kind` had `outcome` so far (0 when none)."""
        outcomes = self.counts.get(kind)
        return outcomes.get(outcome, 0) if outcomes else 0

    def total(self, outcome: str) -> int:
        return sum(c.get(outcome, 0) for c in self.counts.values())

    @property
    def changed_anything(self) -> bool:
        removed = self.counted("agenda_item", "removed_upstream")
        return bool(self.total("created") or self.total("updated") or removed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "city": self.city_key,
            "counts": self.plain_counts(),
            "skipped": len(self.skipped),
            "unknown_vote_values": dict(self.unknown_vote_values),
            "requests": self.requests,
            "requests_by_kind": dict(self.requests_by_kind),
            "seconds": round(self.seconds, 2),
            "error": self.error,
        }
