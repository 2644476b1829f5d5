"""Legislation as a source (Legistar) describes it: matters with their sponsors, history, public attachments
and text, matched by the source's ids, a batch of matters at a time.

Every row is compared before writing, so a second run over unchanged data writes nothing. A part the source
could not give this time (None: its request failed) is left as stored; a part it gave replaces what is
stored (a sponsor or attachment it no longer lists is removed: an attachment that became private is gone).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone

from cities.models import Body, City, CouncilMember
from cities.sqlfiles import read_sql
from meetings.file_numbers import file_keys
from meetings.models import Matter, MatterAction, MatterAttachment, MatterSponsor, MatterText

ModelT = TypeVar("ModelT", bound=models.Model)


class SourceMatter(NamedTuple):
    legistar_matter_id: int
    file_number: str
    name: str
    title: str
    matter_type: str
    status: str
    intro_date: dt.date | None
    agenda_date: dt.date | None
    passed_date: dt.date | None
    enactment_date: dt.date | None
    enactment_number: str
    version: str
    legistar_body_id: int | None
    body_name: str
    source_modified_at: dt.datetime | None


class SourceSponsor(NamedTuple):
    legistar_sponsor_id: int
    legistar_person_id: int | None
    name: str
    sequence: int
    matter_version: str


class SourceAction(NamedTuple):
    legistar_history_id: int
    action_date: dt.date | None
    action_name: str
    action_text: str
    legistar_body_id: int | None
    body_name: str
    legistar_event_id: int | None
    passed: bool | None
    tally: str
    mover_person_id: int | None
    mover_name: str
    seconder_person_id: int | None
    seconder_name: str
    version: str


class SourceAttachment(NamedTuple):
    legistar_attachment_id: int
    name: str
    url: str
    sort: int
    matter_version: str


class SourceText(NamedTuple):
    legistar_text_id: int | None
    version: str
    text: str


class MatterBundle(NamedTuple):
    """A matter and its parts; a part that is None could not be read and stays as stored."""

    matter: SourceMatter
    sponsors: list[SourceSponsor] | None
    actions: list[SourceAction] | None
    attachments: list[SourceAttachment] | None
    text: SourceText | None


@dataclass
class MattersStored:
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (source matter id, why)
    matter_ids: dict[int, int] = field(default_factory=dict)  # source matter id -> stored id

    def add(self, kind: str, created: int, updated: int, unchanged: int, removed: int = 0) -> None:
        for outcome, n in (("created", created), ("updated", updated), ("unchanged", unchanged), ("removed", removed)):
            if n:
                self.counts[kind][outcome] += n


def _apply(obj: models.Model, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _id_of(objects: dict[int, Any], key: int | None) -> int | None:
    found = objects.get(key) if key is not None else None
    return found.pk if found is not None else None


class _Refs(NamedTuple):
    city: City
    members: dict[int, CouncilMember]
    bodies: dict[int, Body]


def _matter_values(source: SourceMatter, refs: _Refs) -> dict[str, Any]:
    keys = file_keys(source.file_number)
    return {
        "file_number": source.file_number[:50],
        "file_key": keys.file_key,
        "number_key": keys.number_key,
        "name": source.name[:300],
        "title": source.title,
        "matter_type": source.matter_type[:100],
        "status": source.status[:100],
        "intro_date": source.intro_date,
        "agenda_date": source.agenda_date,
        "passed_date": source.passed_date,
        "enactment_date": source.enactment_date,
        "enactment_number": source.enactment_number[:100],
        "version": source.version[:20],
        "body_id": _id_of(refs.bodies, source.legistar_body_id),
        "body_name": source.body_name[:200],
        "source_modified_at": source.source_modified_at,
        "removed_upstream_at": None,
    }


def _store_matters(bundles: Sequence[MatterBundle], refs: _Refs, stored: MattersStored) -> dict[int, Matter]:
    """The batch's matters by source id (a matter whose file number another matter holds is skipped)."""
    city = refs.city
    source_ids = [b.matter.legistar_matter_id for b in bundles]
    existing: dict[int, Matter] = {
        m.legistar_matter_id: m
        for m in Matter.objects.filter(city=city, legistar_matter_id__in=source_ids)
        if m.legistar_matter_id is not None
    }
    numbers = [b.matter.file_number for b in bundles if b.matter.file_number]
    holders = dict(
        Matter.objects.filter(city=city, file_number__in=numbers).values_list("file_number", "legistar_matter_id")
    )
    new, changed, unchanged = [], [], 0
    for bundle in bundles:
        source = bundle.matter
        holder = holders.get(source.file_number)
        if source.file_number and holder is not None and holder != source.legistar_matter_id:
            stored.skipped.append((source.legistar_matter_id, f"file number {source.file_number} is matter {holder}'s"))
            continue
        holders[source.file_number] = source.legistar_matter_id
        matter = existing.get(source.legistar_matter_id)
        values = _matter_values(source, refs)
        if matter is None:
            first_seen = source.intro_date or timezone.localdate()  # until its history says when it last moved
            matter = Matter(
                city=city, legistar_matter_id=source.legistar_matter_id, last_action_date=first_seen, **values
            )
            existing[source.legistar_matter_id] = matter
            new.append(matter)
        elif _apply(matter, values):
            changed.append(matter)
        else:
            unchanged += 1
    Matter.objects.bulk_create(new)
    _update(Matter, changed, [*_matter_values(bundles[0].matter, refs)] if bundles else [])
    stored.add("matter", len(new), len(changed), unchanged)
    stored.matter_ids.update({k: m.pk for k, m in existing.items() if m.pk})
    return existing


def _update(model: type[ModelT], rows: list[ModelT], fields: Iterable[str]) -> None:
    if rows:
        now = timezone.now()
        for row in rows:
            row.updated_at = now  # type: ignore[attr-defined]
        model._default_manager.bulk_update(rows, [*fields, "updated_at"], batch_size=1000)


def _sync_children(
    model: type[ModelT],
    *,
    matters: dict[int, Matter],
    wanted: dict[int, list[tuple[int, dict[str, Any]]]],
    key: str,
    fields: list[str],
) -> tuple[int, int, int, int]:
    """Children of the given matters made to match `wanted` (matter id -> [(source id, values)]): created,
    updated, unchanged and removed counts. Matters absent from `wanted` keep what they have."""
    matter_pks = [matters[k].pk for k in wanted if k in matters]
    existing: dict[tuple[int, int], ModelT] = {
        (row.matter_id, getattr(row, key)): row  # type: ignore[attr-defined]
        for row in model._default_manager.filter(matter_id__in=matter_pks)
    }
    new: list[ModelT] = []
    changed: list[ModelT] = []
    unchanged = 0
    keep: set[tuple[int, int]] = set()
    for source_matter_id, rows in wanted.items():
        matter = matters.get(source_matter_id)
        if matter is None:
            continue
        for source_id, values in rows:
            row = existing.get((matter.pk, source_id))
            keep.add((matter.pk, source_id))
            if row is None:
                new.append(model(matter=matter, city_id=matter.city_id, **{key: source_id}, **values))
            elif _apply(row, values):
                changed.append(row)
            else:
                unchanged += 1
    gone = [row.pk for k, row in existing.items() if k not in keep]
    if gone:
        model._default_manager.filter(pk__in=gone).delete()
    model._default_manager.bulk_create(new, batch_size=1000)
    _update(model, changed, fields)
    return len(new), len(changed), unchanged, len(gone)


def _sponsor_rows(bundle: MatterBundle, refs: _Refs) -> list[tuple[int, dict[str, Any]]]:
    sponsors = sorted(bundle.sponsors or [], key=lambda s: (s.sequence, s.legistar_sponsor_id))
    first = sponsors[0].sequence if sponsors else 0
    return [
        (s.legistar_sponsor_id, {
            "member_id": _id_of(refs.members, s.legistar_person_id), "name": s.name[:200], "sequence": s.sequence,
            "is_primary": s.sequence == first, "matter_version": s.matter_version[:20],
        })
        for s in sponsors
    ]  # fmt: skip


def _action_rows(bundle: MatterBundle, refs: _Refs) -> list[tuple[int, dict[str, Any]]]:
    return [
        (a.legistar_history_id, {
            "action_date": a.action_date, "action_name": a.action_name[:200], "action_text": a.action_text,
            "body_id": _id_of(refs.bodies, a.legistar_body_id), "body_name": a.body_name[:200],
            "legistar_event_id": a.legistar_event_id, "passed": a.passed, "tally": a.tally[:20],
            "mover_id": _id_of(refs.members, a.mover_person_id), "mover_name": a.mover_name[:100],
            "seconder_id": _id_of(refs.members, a.seconder_person_id), "seconder_name": a.seconder_name[:100],
            "version": a.version[:20],
        })
        for a in bundle.actions or []
    ]  # fmt: skip


def _attachment_rows(bundle: MatterBundle) -> list[tuple[int, dict[str, Any]]]:
    return [
        (a.legistar_attachment_id, {"name": a.name[:300], "url": a.url[:1000], "sort": a.sort,
                                    "matter_version": a.matter_version[:20]})
        for a in bundle.attachments or []
    ]  # fmt: skip


MATTER_WRITES_LOCK = 42_001  # advisory lock class: one city's legislation writes, the city's id the key
SPONSOR_FIELDS = ["member_id", "name", "sequence", "is_primary", "matter_version"]
ACTION_FIELDS = [
    "action_date", "action_name", "action_text", "body_id", "body_name", "legistar_event_id", "passed", "tally",
    "mover_id", "mover_name", "seconder_id", "seconder_name", "version",
]  # fmt: skip
ATTACHMENT_FIELDS = ["name", "url", "sort", "matter_version"]


def _store_texts(bundles: Sequence[MatterBundle], matters: dict[int, Matter], stored: MattersStored, city_id: int
                 ) -> None:  # fmt: skip
    texts = {b.matter.legistar_matter_id: b.text for b in bundles if b.text is not None}
    pks = {matters[k].pk: t for k, t in texts.items() if k in matters}
    existing = {(t.matter_id, t.version): t for t in MatterText.objects.filter(matter_id__in=list(pks))}
    new, changed, unchanged = [], [], 0
    for matter_pk, text in pks.items():
        row = existing.get((matter_pk, text.version))
        values = {"text": text.text, "legistar_text_id": text.legistar_text_id}
        if row is None:
            new.append(MatterText(matter_id=matter_pk, city_id=city_id, version=text.version, **values))
        elif _apply(row, values):
            changed.append(row)
        else:
            unchanged += 1
    MatterText.objects.bulk_create(new)
    _update(MatterText, changed, ["text", "legistar_text_id"])
    stored.add("matter_text", len(new), len(changed), unchanged)


@transaction.atomic
def matters_sync_from_source(
    *, city: City, bundles: Sequence[MatterBundle], members: dict[int, CouncilMember], bodies: dict[int, Body]
) -> MattersStored:
    """A batch of matters and their parts, all or nothing; then their latest-action dates, and the links
    between their actions, meetings and agenda items that both sides now have.

    Writers of one city's legislation take turns (a transaction-scoped advisory lock): two processes of one
    first load meet the same matters on different agendas, and each must see what the other stored."""
    stored = MattersStored()
    if not bundles:
        return stored
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [MATTER_WRITES_LOCK, city.pk])
        return _matters_store_locked(city, bundles, members, bodies, stored)


def _matters_store_locked(
    city: City,
    bundles: Sequence[MatterBundle],
    members: dict[int, CouncilMember],
    bodies: dict[int, Body],
    stored: MattersStored,
) -> MattersStored:
    refs = _Refs(city, members, bodies)
    matters = _store_matters(bundles, refs, stored)
    parts = (
        ("sponsor", MatterSponsor, "legistar_sponsor_id", SPONSOR_FIELDS, lambda b: _sponsor_rows(b, refs), "sponsors"),
        ("action", MatterAction, "legistar_history_id", ACTION_FIELDS, lambda b: _action_rows(b, refs), "actions"),
        ("matter_attachment", MatterAttachment, "legistar_attachment_id", ATTACHMENT_FIELDS, _attachment_rows,
         "attachments"),
    )  # fmt: skip
    for kind, model, key, fields, rows_of, part in parts:
        wanted = {b.matter.legistar_matter_id: rows_of(b) for b in bundles if getattr(b, part) is not None}
        stored.add(kind, *_sync_children(model, matters=matters, wanted=wanted, key=key, fields=fields))
    _store_texts(bundles, matters, stored, city.pk)
    matter_links_refresh(city_id=city.pk, matter_ids=[m.pk for m in matters.values() if m.pk])
    return stored


def matter_links_refresh(*, city_id: int, matter_ids: list[int] | None = None, meeting_id: int | None = None) -> None:
    """Link what both sides now have: agenda items to their matters (by source matter id), actions to their
    meetings and the agenda item the matter was on there (by source event id), and each matter's latest-action
    date. Scoped to some matters (after a matters write) or one meeting (after a meeting write)."""
    with connection.cursor() as cursor:
        cursor.execute(
            read_sql(__file__, "matter_links_refresh.sql"),
            {"city_id": city_id, "matter_ids": matter_ids, "meeting_id": meeting_id},
        )


def matters_removed_upstream(*, city_id: int, legistar_matter_ids: list[int]) -> int:
    """Matters the source no longer publishes: kept for the record, marked withdrawn (a guarded update)."""
    return Matter.objects.filter(
        city_id=city_id, legistar_matter_id__in=legistar_matter_ids, removed_upstream_at__isnull=True
    ).update(removed_upstream_at=timezone.now(), updated_at=timezone.now())


def stored_matter_versions(*, city_id: int) -> dict[int, dt.datetime | None]:
    """The source matters a city has, with the source's last-modified stamp of each (what a sync skips)."""
    rows = Matter.objects.filter(city_id=city_id, legistar_matter_id__isnull=False)
    return dict(rows.values_list("legistar_matter_id", "source_modified_at"))  # type: ignore[arg-type]
