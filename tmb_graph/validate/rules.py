"""Cross-record rules: what no single record can check about itself.

Each rule is a small function ``(dataset, locator) -> list[DataIssue]``; :data:`RULES` lists
them in the order they run. Every issue names the file, line, record id and field, says what
is wrong and how to fix it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise

from tmb_graph.errors import DataIssue
from tmb_graph.model.dates import FuzzyDate
from tmb_graph.model.enums import ActivityStatus, BodyKind
from tmb_graph.model.loader import Locator
from tmb_graph.model.records import Dataset, Membership, Post, Record, records_of

Rule = Callable[[Dataset, Locator], list[DataIssue]]


def all_records(ds: Dataset) -> Iterator[Record]:
    """Every record with an id and a source, memberships included."""
    return records_of(ds)


def unique_ids(ds: Dataset, where: Locator) -> list[DataIssue]:
    """Ids are unique across the whole programme folder."""
    counts = Counter(r.id for r in all_records(ds))
    issues = [
        where.issue(rid, "id", f"id is used by {n} records{_elsewhere(where, rid)}", "give each record its own id")
        for rid, n in counts.items()
        if n > 1
    ]
    sections = Counter(s.id for s in ds.sections)
    for sid, n in sections.items():
        if n > 1:
            # point at the repeated declaration: the first one is the one to keep
            places = where.places_of(sid)
            file, line = places[1] if len(places) > 1 else (where.file_of(sid), where.line_of(sid) or 0)
            first = f" (first at {places[0][0]}:{places[0][1]})" if len(places) > 1 else ""
            issues.append(
                DataIssue(
                    file,
                    f"section {sid} is declared {n} times{first}",
                    "declare each section once",
                    sid,
                    "sections",
                    line or None,
                )
            )
    return issues


def _elsewhere(where: Locator, rid: str) -> str:
    """' (also at FILE:LINE, ...)' for the later places an id was read, or ''."""
    later = where.places_of(rid)[1:]
    return f" (also at {', '.join(f'{f}:{n}' for f, n in later)})" if later else ""


class _Index:
    """Ids by kind, for reference checks."""

    def __init__(self, ds: Dataset) -> None:
        self.orgs = {o.id: o for o in ds.organisations}
        self.bodies = {b.id: b for b in ds.bodies}
        self.persons = {p.id: p for p in ds.persons}
        self.posts = {p.id: p for p in ds.posts}
        self.activities = {a.id: a for a in ds.activities}
        self.target_groups = {t.id: t for t in ds.target_groups}
        self.layers = {layer.id: layer for layer in ds.ideal_layers}
        self.sections = {s.id for s in ds.sections}
        self.agents = self.orgs.keys() | self.persons.keys() | self.bodies.keys()
        self.recipients = self.orgs.keys() | self.target_groups.keys() | self.persons.keys()

    def ancestors(self, org_id: str) -> list[str]:
        """``org_id`` and the organisations it is part of, innermost first."""
        chain, seen = [], set()
        while org_id in self.orgs and org_id not in seen:
            seen.add(org_id)
            chain.append(org_id)
            org_id = self.orgs[org_id].part_of or ""
        return chain


def _refs(ds: Dataset, ix: _Index) -> Iterator[tuple[str, str, Iterable[str | None], set[str] | Iterable[str], str]]:
    """(record id, field, referenced ids, allowed ids, kind) for every reference in the data."""
    for o in ds.organisations:
        yield o.id, "part_of", [o.part_of], ix.orgs.keys(), "organisation"
    for b in ds.bodies:
        yield b.id, "part_of", [b.part_of], ix.bodies.keys(), "body"
        yield b.id, "convener", [b.convener], ix.orgs.keys(), "organisation"
        yield b.id, "members", b.members, ix.orgs.keys(), "organisation"
        yield b.id, "signatories", b.signatories, ix.orgs.keys(), "organisation"
    for p in ds.persons:
        yield p.id, "organisation", [p.organisation], ix.orgs.keys(), "organisation"
        yield p.id, "one_of", p.one_of, ix.persons.keys(), "person"
    for post in ds.posts:
        yield post.id, "body", [post.body], ix.bodies.keys(), "body"
        yield post.id, "organisation", [post.organisation], ix.orgs.keys(), "organisation"
        for m in post.holders:
            yield m.id, "person", [m.person], ix.persons.keys(), "person"
    for a in ds.activities:
        yield a.id, "body", [a.body], ix.bodies.keys(), "body"
        yield a.id, "part_of", [a.part_of], ix.activities.keys(), "activity"
        yield (
            a.id,
            "associations.agent",
            [x.agent for x in a.associations],
            ix.agents,
            "organisation, person or body",
        )
        yield a.id, "target_groups", a.target_groups, ix.target_groups.keys(), "target group"
        yield (
            a.id,
            "reached.recipient",
            [r.recipient for r in a.reached],
            ix.recipients,
            "organisation, target group or person",
        )
    for t in ds.target_groups:
        yield t.id, "members", t.members, ix.orgs.keys(), "organisation"
        yield t.id, "within", [t.within], ix.orgs.keys(), "organisation"
    for g in ds.goals:
        yield g.id, "body", [g.body], ix.bodies.keys(), "body"
    for obs in ds.observations:
        yield (
            obs.id,
            "about",
            obs.about,
            ix.orgs.keys() | ix.bodies.keys() | ix.activities.keys() | ix.posts.keys(),
            "organisation, body, activity or seat",
        )
    for layer in ds.ideal_layers:
        yield layer.id, "reports_to", [layer.reports_to], ix.layers.keys(), "ideal layer"
    if ds.document.publisher:
        yield (
            ds.document.id,
            "document.publisher",
            [ds.document.publisher],
            ix.orgs.keys(),
            "organisation",
        )


def references(ds: Dataset, where: Locator) -> list[DataIssue]:
    """Every id a record refers to exists, and is of the right kind."""
    ix = _Index(ds)
    issues = []
    for rid, fld, targets, allowed, kind in _refs(ds, ix):
        allowed_set = set(allowed)
        for target in targets:
            if target is not None and target not in allowed_set:
                issues.append(
                    where.issue(
                        rid,
                        fld,
                        f"refers to unknown {kind} '{target}'",
                        f"define a {kind} with id '{target}' or correct the id",
                    )
                )
    for rec in all_records(ds):
        for sec in [rec.source.section, *rec.see_also]:
            if sec not in ix.sections:
                issues.append(
                    where.issue(
                        rec.id,
                        "source.section",
                        f"unknown section '{sec}'",
                        "use a section listed under 'sections:' in programme.yaml",
                    )
                )
    return issues


def _after(a: FuzzyDate | None, b: FuzzyDate | None) -> bool:
    """True when ``b`` certainly lies before ``a`` (b ended before a could have started)."""
    return a is not None and b is not None and b.latest < a.earliest


def chronology(ds: Dataset, where: Locator) -> list[DataIssue]:
    """No end before its start (bodies, memberships, activities, plans)."""
    issues = []
    pairs: list[tuple[str, str, FuzzyDate | None, FuzzyDate | None]] = []
    pairs += [(b.id, "end", b.start, b.end) for b in ds.bodies]
    pairs += [(m.id, "end", m.start, m.end) for p in ds.posts for m in p.holders]
    pairs += [(a.id, "end", a.start, a.end) for a in ds.activities]
    pairs += [(a.id, "planned_end", a.planned, a.planned_end) for a in ds.activities]
    for rid, fld, start, end in pairs:
        if _after(start, end):
            issues.append(
                where.issue(
                    rid,
                    fld,
                    f"ends ({end}) before it starts ({start})",
                    "swap or correct the dates",
                )
            )
    return issues


def _sort_key(m: Membership) -> tuple[str, str]:
    return (m.start.earliest.isoformat() if m.start else "", m.id)


def seats(ds: Dataset, where: Locator) -> list[DataIssue]:
    """Seat rules: holders in order, no overlap unless marked, replacements within the seat,
    the seat's organisation is a member of the body, and the holder belongs to it."""
    ix = _Index(ds)
    issues = []
    for post in ds.posts:
        issues += _seat_membership(post, ix, where)
        ids = {m.id for m in post.holders}
        for m in post.holders:
            if m.replaces is not None and m.replaces not in ids:
                issues.append(
                    where.issue(
                        m.id,
                        "replaces",
                        f"'{m.replaces}' is not a holder of seat '{post.id}'",
                        "a replacement links two holders of the same seat",
                    )
                )
            if m.replaces == m.id:
                issues.append(
                    where.issue(
                        m.id,
                        "replaces",
                        "a holder cannot replace itself",
                        "point to the previous holder",
                    )
                )
        if post.overlap_allowed:
            continue
        ordered = sorted(post.holders, key=_sort_key)
        for prev, nxt in pairwise(ordered):
            if prev.start and nxt.start and (prev.end is None or prev.end.earliest > nxt.start.earliest):
                issues.append(
                    where.issue(
                        nxt.id,
                        "start",
                        f"overlaps the previous holder '{prev.id}' of seat '{post.id}' "
                        f"(ends {prev.end or 'open'}, this starts {nxt.start})",
                        "end the previous tenure first, give the second holder its own seat, "
                        "or set overlap_allowed: true on the seat",
                    )
                )
    return issues


def _seat_membership(post: Post, ix: _Index, where: Locator) -> list[DataIssue]:
    issues = []
    body = ix.bodies.get(post.body)
    if body and body.members and not set(ix.ancestors(post.organisation)) & set(body.members):
        issues.append(
            where.issue(
                post.id,
                "organisation",
                f"'{post.organisation}' holds a seat in '{post.body}' but is not among its members",
                f"add '{post.organisation}' to the members of '{post.body}' or correct the seat's organisation",
            )
        )
    seat_line = set(ix.ancestors(post.organisation))
    for m in post.holders:
        person = ix.persons.get(m.person)
        if person and not (set(ix.ancestors(person.organisation)) & seat_line):
            issues.append(
                where.issue(
                    m.id,
                    "person",
                    f"'{m.person}' belongs to '{person.organisation}', "
                    f"not to the seat's organisation '{post.organisation}'",
                    "hold the seat on behalf of the person's organisation or correct the person",
                )
            )
    return issues


def bodies(ds: Dataset, where: Locator) -> list[DataIssue]:
    """A body's convener is one of its members; goals and work groups point to work groups."""
    ix = _Index(ds)
    issues = []
    for b in ds.bodies:
        if b.convener and b.members and b.convener not in b.members:
            issues.append(
                where.issue(
                    b.id,
                    "convener",
                    f"convener '{b.convener}' is not among the members",
                    "add it to members",
                )
            )
        if b.kind is BodyKind.work_group and not b.convener:
            issues.append(
                where.issue(
                    b.id,
                    "convener",
                    "a work group needs its convening party",
                    "set convener: <organisation id>",
                )
            )
    for g in ds.goals:
        body = ix.bodies.get(g.body)
        if body and body.kind is not BodyKind.work_group:
            issues.append(
                where.issue(
                    g.id,
                    "body",
                    f"goals belong to work groups; '{g.body}' is a {body.kind.value}",
                    "point to a work group",
                )
            )
    return issues


def activities(ds: Dataset, where: Locator) -> list[DataIssue]:
    """Activities that fell away say why; sub-activities form no cycles; persons with one_of list two or more."""
    ix = _Index(ds)
    issues = []
    for a in ds.activities:
        if a.status in (ActivityStatus.cancelled, ActivityStatus.postponed) and not a.reasons:
            issues.append(
                where.issue(
                    a.id,
                    "reasons",
                    f"status {a.status.value} without a reason",
                    "add reasons: [covid19 | national_assignment | ...]",
                )
            )
        seen, cur = {a.id}, a.part_of
        while cur:
            if cur in seen:
                issues.append(where.issue(a.id, "part_of", "part_of forms a cycle", "break the cycle"))
                break
            seen.add(cur)
            cur = ix.activities[cur].part_of if cur in ix.activities else None
    for p in ds.persons:
        if p.one_of and len(p.one_of) < 2:
            issues.append(
                where.issue(
                    p.id,
                    "one_of",
                    "one_of needs at least two candidates",
                    "name both candidates or use the person directly",
                )
            )
    for o in ds.organisations:
        if o.part_of == o.id or (o.part_of and o.id in ix.ancestors(o.part_of)):
            issues.append(where.issue(o.id, "part_of", "part_of forms a cycle", "break the cycle"))
    return issues


RULES: list[Rule] = [unique_ids, references, chronology, seats, bodies, activities]


def check_rules(ds: Dataset, where: Locator) -> list[DataIssue]:
    """Run every rule in :data:`RULES`; return all issues found."""
    issues: list[DataIssue] = []
    for rule in RULES:
        issues += rule(ds, where)
    return issues
