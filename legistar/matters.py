"""Matters: a matter's record, its history, sponsors, public attachments and current text, read from Legistar.

A part whose request fails (after its retries) is left out of the bundle (None) and reported: what is
stored of it stays. Attachments the source marks as not for the public never enter the bundle.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from legistar.cleaning import clean_text, clean_url
from legistar.client import LegistarClient, LegistarError
from legistar.dates import parse_legistar_date, parse_legistar_datetime
from legistar.report import SyncReport
from meetings.services.matters import (
    MatterBundle,
    SourceAction,
    SourceAttachment,
    SourceMatter,
    SourceSponsor,
    SourceText,
)

READ_WAIT_SECONDS = 300  # a thread reading a matter finishes or gives up (its retries) well before this
MATTER_PARTS = ("histories", "sponsors", "attachments", "versions")  # a matter's parts, each its own request


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _flag(value: Any) -> bool | None:
    return bool(value) if value in (0, 1) else None


def source_matter(row: dict[str, Any]) -> SourceMatter | None:
    matter_id = _int(row.get("MatterId"))
    title = clean_text(row.get("MatterTitle")) or clean_text(row.get("MatterName"))
    if matter_id is None or not title:
        return None
    return SourceMatter(
        legistar_matter_id=matter_id,
        file_number=clean_text(row.get("MatterFile"), 50),
        name=clean_text(row.get("MatterName"), 300),
        title=title,
        matter_type=clean_text(row.get("MatterTypeName"), 100),
        status=clean_text(row.get("MatterStatusName"), 100),
        intro_date=parse_legistar_date(row.get("MatterIntroDate")),
        agenda_date=parse_legistar_date(row.get("MatterAgendaDate")),
        passed_date=parse_legistar_date(row.get("MatterPassedDate")),
        enactment_date=parse_legistar_date(row.get("MatterEnactmentDate")),
        enactment_number=clean_text(row.get("MatterEnactmentNumber"), 100),
        version=clean_text(row.get("MatterVersion"), 20),
        legistar_body_id=_int(row.get("MatterBodyId")),
        body_name=clean_text(row.get("MatterBodyName"), 200),
        source_modified_at=parse_legistar_datetime(row.get("MatterLastModifiedUtc")),
    )


def _actions(rows: list[Any], report: SyncReport) -> list[SourceAction]:
    actions = []
    for row in rows:
        history_id = _int(row.get("MatterHistoryId")) if isinstance(row, dict) else None
        if history_id is None:
            report.skip("action", None, "a history row without MatterHistoryId")
            continue
        actions.append(
            SourceAction(
                legistar_history_id=history_id,
                action_date=parse_legistar_date(row.get("MatterHistoryActionDate")),
                action_name=clean_text(row.get("MatterHistoryActionName"), 200),
                action_text=clean_text(row.get("MatterHistoryActionText")),
                legistar_body_id=_int(row.get("MatterHistoryActionBodyId")),
                body_name=clean_text(row.get("MatterHistoryActionBodyName"), 200),
                legistar_event_id=_int(row.get("MatterHistoryEventId")),  # null: an action at no meeting
                passed=_flag(row.get("MatterHistoryPassedFlag")),
                tally=clean_text(row.get("MatterHistoryTally"), 20),
                mover_person_id=_int(row.get("MatterHistoryMoverId")),
                mover_name=clean_text(row.get("MatterHistoryMoverName"), 100),
                seconder_person_id=_int(row.get("MatterHistorySeconderId")),
                seconder_name=clean_text(row.get("MatterHistorySeconderName"), 100),
                version=clean_text(row.get("MatterHistoryVersion"), 20),
            )
        )
    return actions


def _sponsors(rows: list[Any], report: SyncReport) -> list[SourceSponsor]:
    sponsors = []
    for row in rows:
        sponsor_id = _int(row.get("MatterSponsorId")) if isinstance(row, dict) else None
        name = clean_text(row.get("MatterSponsorName"), 200) if isinstance(row, dict) else ""
        if sponsor_id is None or not name:
            report.skip("sponsor", sponsor_id, "a sponsor without MatterSponsorId or name")
            continue
        sequence = _int(row.get("MatterSponsorSequence"))
        sponsors.append(
            SourceSponsor(
                legistar_sponsor_id=sponsor_id,
                legistar_person_id=_int(row.get("MatterSponsorNameId")),  # may be no known person: name kept
                name=name,
                sequence=sequence if sequence is not None and sequence >= 0 else 99,
                matter_version=clean_text(row.get("MatterSponsorMatterVersion"), 20),
            )
        )
    return sponsors


def _attachments(rows: list[Any]) -> list[SourceAttachment]:
    attachments = []
    for n, row in enumerate(rows):
        if not isinstance(row, dict) or row.get("MatterAttachmentShowOnInternetPage") is False:
            continue  # not public on the city's own site: never stored here
        attachment_id, url = _int(row.get("MatterAttachmentId")), clean_url(row.get("MatterAttachmentHyperlink"), 1000)
        if attachment_id is None or not url:
            continue
        sort = _int(row.get("MatterAttachmentSort"))
        attachments.append(
            SourceAttachment(
                legistar_attachment_id=attachment_id,
                name=clean_text(row.get("MatterAttachmentName"), 300) or "Attachment",
                url=url,
                sort=sort if sort is not None else n,
                matter_version=clean_text(row.get("MatterAttachmentMatterVersion"), 20),
            )
        )
    return attachments


def _text(client: LegistarClient, matter: SourceMatter, versions: list[Any], report: SyncReport) -> SourceText | None:
    """The text of the matter's current version (or the last one listed); None when there is none to read."""
    listed = [v for v in versions if isinstance(v, dict) and _int(v.get("Key")) is not None]
    if not listed:
        return None
    chosen = next((v for v in listed if str(v.get("Value")) == matter.version), listed[-1])
    try:
        row = client.matter_text(matter.legistar_matter_id, chosen["Key"])
    except LegistarError as error:
        report.skip("matter_text", matter.legistar_matter_id, f"text could not be read: {error}")
        return None
    plain = str(row.get("MatterTextPlain") or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not plain:
        return None
    return SourceText(_int(row.get("MatterTextId")), str(chosen.get("Value") or matter.version)[:20], plain)


def matter_bundle(
    client: LegistarClient, matter: SourceMatter, report: SyncReport, attachments: list[Any] | None = None
) -> MatterBundle:
    """The matter with its parts, read together (requests in flight at once, then the text); `attachments`
    when an agenda already listed them."""
    names = ("histories", "sponsors", "versions") if attachments is not None else MATTER_PARTS
    answers = dict(zip(names, client.matter_parts(matter.legistar_matter_id, names), strict=True))
    read: list[list[Any] | None] = []
    for name, answer in (("history", answers["histories"]), ("sponsors", answers["sponsors"]),
                         ("attachments", answers.get("attachments", attachments))):  # fmt: skip
        if isinstance(answer, LegistarError):
            report.skip("matter_part", matter.legistar_matter_id, f"{name} could not be read: {answer}")
            read.append(None)
        else:
            read.append(answer)
    histories, sponsors, listed = read
    versions = answers["versions"]
    text = None if isinstance(versions, LegistarError) else _text(client, matter, versions, report)
    return MatterBundle(
        matter=matter,
        actions=_actions(histories, report) if histories is not None else None,
        sponsors=_sponsors(sponsors, report) if sponsors is not None else None,
        attachments=_attachments(listed) if listed is not None else None,
        text=text,
    )


Steps = dict[int, list[tuple[str, bool]]]  # event id -> [(action name, decided)] of one matter's history


class SharedReads(Protocol):
    """Which process of a run reads each matter, and what its history records (`legistar.processes`)."""

    def take(self, matter_ids: list[int]) -> list[int]: ...
    def publish(self, matter_id: int, steps: Steps | None) -> None: ...
    def steps(self, matter_id: int, timeout: float) -> Steps | None: ...


@dataclass
class MatterFetcher:
    """Which matters a run reads, once each: those its agendas name (all of them on a first or full run,
    only those not stored yet on an incremental one, whose changed matters come from the source's list of
    changes), shared by the run's fetch threads."""

    client: LegistarClient
    report: SyncReport
    stored: dict[int, Any]  # source matter id -> the stored matter's last-modified stamp
    refetch_stored: bool
    withdrawn: list[int] = field(default_factory=list)  # stored matters the source no longer publishes
    # What the histories this run read record at each meeting: matter id -> event id -> [(action, decided)],
    # for every later appearance of the matter (whose history is then not read again).
    steps: dict[int, Steps] = field(default_factory=dict)
    # Set when worker processes share the run: a matter is then read by one of them, and the others learn
    # its history from it.
    shared: SharedReads | None = None
    _elsewhere: set[int] = field(default_factory=set)  # taken by another process of the run
    _taken: set[int] = field(default_factory=set)
    _reading: dict[int, threading.Event] = field(default_factory=dict)  # taken by a thread, not read yet
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, matter_ids: Iterable[int]) -> list[int]:
        """The ones of `matter_ids` this run has not read yet and should."""
        with self._lock:
            wanted = [m for m in dict.fromkeys(matter_ids) if m not in self._taken]
            wanted = [m for m in wanted if self.refetch_stored or m not in self.stored]
            self._taken.update(wanted)
            if self.shared is not None and wanted:
                mine = self.shared.take(wanted)
                self._elsewhere.update(set(wanted) - set(mine))
                wanted = mine
            for matter_id in wanted:
                self._reading[matter_id] = threading.Event()
            return wanted

    def _done(self, matter_ids: Iterable[int]) -> None:
        for matter_id in matter_ids:
            if (reading := self._reading.pop(matter_id, None)) is not None:
                reading.set()
                if self.shared is not None:
                    self.shared.publish(matter_id, self.steps.get(matter_id))

    def claim(self, matter_id: int) -> bool:
        """Whether this run has not read `matter_id` yet (it has now): for the source's list of changes."""
        with self._lock:
            if matter_id in self._taken:
                return False
            self._taken.add(matter_id)
            return True

    def changed(self, matter_id: int, row: dict[str, Any]) -> bool:
        """Whether the source's row is newer than the stored matter (or the matter is not stored)."""
        if matter_id not in self.stored:
            return True
        stamp = parse_legistar_datetime(row.get("MatterLastModifiedUtc"))
        return stamp is None or self.stored[matter_id] is None or stamp != self.stored[matter_id]

    def fetch(
        self, matter_ids: Iterable[int], *, attachments: dict[int, list[Any]] | None = None
    ) -> list[MatterBundle]:
        """The matters of `matter_ids` this run should read; `attachments` the agenda listed for some."""
        wanted = self.take(matter_ids)
        bundles = []
        try:
            rows = {row.get("MatterId"): row for row in self.client.matters_by_id(wanted)} if wanted else {}
            for matter_id in wanted:
                row = rows.get(matter_id)
                if row is None:
                    if matter_id in self.stored:
                        self.withdrawn.append(matter_id)
                    self.report.skip("matter", matter_id, "the source does not publish this matter")
                    continue
                bundle = self.bundle_of(row, attachments=(attachments or {}).get(matter_id))
                if bundle is not None:
                    bundles.append(bundle)
                self._done([matter_id])
        finally:
            self._done(wanted)  # read or not, nobody waits for them any longer
        return bundles

    def bundle_of(self, row: dict[str, Any], *, attachments: list[Any] | None = None) -> MatterBundle | None:
        matter = source_matter(row)
        if matter is None:
            self.report.skip("matter", row.get("MatterId"), "missing MatterId or title")
            return None
        if row.get("MatterRestrictViewViaWeb") is True:
            if matter.legistar_matter_id in self.stored:
                self.withdrawn.append(matter.legistar_matter_id)
            self.report.skip("matter", matter.legistar_matter_id, "restricted from public view at the source")
            return None
        bundle = matter_bundle(self.client, matter, self.report, attachments)
        if bundle.actions is not None:
            at: Steps = {}
            for action in bundle.actions:
                if action.legistar_event_id is not None:
                    decided = action.passed is not None or bool(action.tally)
                    at.setdefault(action.legistar_event_id, []).append((action.action_name.casefold(), decided))
            with self._lock:
                self.steps[matter.legistar_matter_id] = at
        return bundle

    def steps_at(self, matter_id: Any, event_id: int) -> list[tuple[str, bool]] | None:
        """What the matter's history (read this run) records at the meeting; None when it was not read. A
        matter another fetch thread or worker process is reading is waited for: its history may be all that
        shows a vote."""
        reading = self._reading.get(matter_id)
        if reading is not None:
            reading.wait(timeout=READ_WAIT_SECONDS)
        elif matter_id in self._elsewhere and self.shared is not None:
            read_elsewhere = self.shared.steps(matter_id, READ_WAIT_SECONDS)
            with self._lock:
                self._elsewhere.discard(matter_id)
                if read_elsewhere is not None:
                    self.steps.setdefault(matter_id, read_elsewhere)
        at = self.steps.get(matter_id)
        return None if at is None else at.get(event_id, [])
