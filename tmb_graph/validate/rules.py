"""Cross-record rules: what no single record can check about itself.

Each rule is a small function ``(dataset, locator) -> list[DataIssue]``; :data:`RULES` lists
them in the order they run. Every issue names the file, line, record id and field, says what
is wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import combinations, pairwise

from tmb_graph.errors import DataIssue
from tmb_graph.model.dates import FuzzyDate
from tmb_graph.model.enums import ActivityStatus, BodyKind, RoleType
from tmb_graph.model.loader import Locator
from tmb_graph.model.records import LIST_KEYS, Dataset, Membership, Post, Record, records_of

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
    # an adviser is invited to a body without its organisation joining it (§4.4.1: the EST
    # researcher of Malmö universitet), so an adviser seat needs no membership
    invited = post.role is RoleType.adviser
    if body and body.members and not invited and not set(ix.ancestors(post.organisation)) & set(body.members):
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
    """Activities that fell away say why; persons with one_of list two or more."""
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
    return issues


def _cycles(parent: dict[str, str | None]) -> list[list[str]]:
    """Every cycle of a ``child → parent`` map, once each, in the map's order.

    Examples
    --------
    >>> _cycles({"a": "b", "b": "a", "c": "a", "d": "d", "e": None})
    [['a', 'b'], ['d']]
    """
    done: set[str] = set()
    cycles = []
    for start in parent:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node in parent and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent[node]
        if node is not None and node in on_path:
            cycles.append(path[path.index(node) :])
        done.update(path)
    return cycles


def _cycle_text(cycle: list[str], shown: int = 6) -> str:
    """``a → b → a``; a long cycle is cut (a message must stay readable)."""
    if len(cycle) > shown:
        return " → ".join(cycle[:shown]) + f" → ... ({len(cycle)} records) → {cycle[0]}"
    return " → ".join([*cycle, cycle[0]])


#: (list of the dataset, field naming the parent, what the records are)
_HIERARCHIES = (
    ("organisations", "part_of", "organisation"),
    ("bodies", "part_of", "body"),
    ("activities", "part_of", "activity"),
    ("ideal_layers", "reports_to", "ideal layer"),
)


def hierarchies(ds: Dataset, where: Locator) -> list[DataIssue]:
    """Nothing is part of itself: ``part_of`` (organisations, bodies, activities) and
    ``reports_to`` (ideal layers) form no cycle, of one record or of several.

    One issue per cycle, on its first record, naming every record of the cycle.
    """
    issues = []
    for key, fld, kind in _HIERARCHIES:
        parent = {r.id: getattr(r, fld) for r in getattr(ds, key)}
        for cycle in _cycles(parent):
            issues.append(
                where.issue(
                    cycle[0],
                    fld,
                    f"{fld} forms a cycle: {_cycle_text(cycle)}",
                    f"break the cycle: point {fld} of one of these to a {kind} above them, or remove it",
                )
            )
    return issues


def replacements(ds: Dataset, where: Locator) -> list[DataIssue]:
    """Replacements run forward in time: no chain of ``replaces`` within a seat returns to where
    it started, and the replaced tenure starts before the one replacing it.

    Dates are compared at their precision: a replacement is refused only when the replaced
    tenure cannot have started before the replacing one (its earliest possible start is on or
    after the other's latest possible start); ``2019`` replaced from ``2019-03`` is accepted.
    """
    issues = []
    for post in ds.posts:
        holders = {m.id: m for m in post.holders}
        for cycle in _cycles({m.id: m.replaces for m in post.holders}):
            if len(cycle) > 1:  # a holder replacing itself is reported by `seats`
                issues.append(
                    where.issue(
                        cycle[0],
                        "replaces",
                        f"replacements in seat '{post.id}' form a cycle: {_cycle_text(cycle)}",
                        "each holder replaces the one before it: remove the replaces that points forward",
                    )
                )
        for m in post.holders:
            old = holders.get(m.replaces) if m.replaces and m.replaces != m.id else None
            if old and old.start and m.start and old.start.earliest >= m.start.latest:
                issues.append(
                    where.issue(
                        m.id,
                        "replaces",
                        f"replaces '{old.id}', which starts ({old.start}) no earlier than this tenure "
                        f"({m.start}): a holder can only replace one who came before",
                        "point replaces to the previous holder, or correct the start dates",
                    )
                )
    return issues


def _certain_overlap(a: Membership, b: Membership) -> bool:
    """True when two tenures are held on some common day under every reading of their dates.

    A tenure is held from its start until its end (half-open); a tenure without an end is open,
    as the seat rule and the analyses read it; one without a start is never certain.
    """
    if a.start is None or b.start is None:
        return False
    first = max(a.start.latest, b.start.latest)
    last = min(a.end.earliest if a.end else dt.date.max, b.end.earliest if b.end else dt.date.max)
    return first < last


def concurrent_seats(ds: Dataset, where: Locator) -> list[DataIssue]:
    """One person holds at most one seat of a body at a time.

    Two tenures of the same person in the same body (two seats, or one seat twice where the
    seat allows overlapping holders) must not certainly overlap (:func:`_certain_overlap`).
    Overlapping holders of one ordinary seat are reported by :func:`seats`.
    """
    by_body: dict[tuple[str, str], list[tuple[Post, Membership]]] = {}
    for post in ds.posts:
        for m in post.holders:
            by_body.setdefault((post.body, m.person), []).append((post, m))
    issues = []
    for (body, person), tenures in by_body.items():
        for (post_a, a), (post_b, b) in combinations(tenures, 2):
            if post_a.id == post_b.id and not post_a.overlap_allowed:
                continue
            if _certain_overlap(a, b):
                seat = f"seat '{post_a.id}'" if post_a.id == post_b.id else f"seats '{post_a.id}' and '{post_b.id}'"
                issues.append(
                    where.issue(
                        b.id,
                        "person",
                        f"'{person}' holds {seat} of '{body}' at the same time "
                        f"('{a.id}' {a.start}–{a.end or 'open'}, '{b.id}' {b.start}–{b.end or 'open'})",
                        "end one tenure before the other starts, or correct the person of one of them",
                    )
                )
    return issues


def tenures_in_bodies(ds: Dataset, where: Locator) -> list[DataIssue]:
    """A tenure lies within its body's life (``start``/``end`` of the body, where given).

    Precision-aware, refusing only what cannot be true: a tenure starts before its body only when
    its latest possible start is before the body's earliest possible start; it runs on after the
    body only when its earliest possible end is more than a day after the body's latest possible
    end (a tenure's end is the first day it is no longer held).
    """
    ix = _Index(ds)
    issues = []
    for post in ds.posts:
        body = ix.bodies.get(post.body)
        if body is None or (body.start is None and body.end is None):
            continue
        life = f"'{body.id}' exists {body.start or '?'}–{body.end or 'open'}"
        fix = f"correct the tenure's dates or the dates of '{body.id}'"
        for m in post.holders:
            problems: list[tuple[str, str]] = []
            if body.start and m.start and m.start.latest < body.start.earliest:
                problems.append(("start", f"starts ({m.start}) before its body: {life}"))
            if body.end and m.start and m.start.earliest > body.end.latest:
                problems.append(("start", f"starts ({m.start}) after its body ended: {life}"))
            elif body.end and m.end and m.end.earliest > body.end.latest + dt.timedelta(days=1):
                problems.append(("end", f"ends ({m.end}) after its body ended: {life}"))
            if body.start and m.start is None and m.end and m.end.latest <= body.start.earliest:
                problems.append(("end", f"ends ({m.end}) before its body starts: {life}"))
            issues += [where.issue(m.id, fld, text, fix) for fld, text in problems]
    return issues


RULES: list[Rule] = [
    unique_ids,
    references,
    chronology,
    seats,
    replacements,
    concurrent_seats,
    tenures_in_bodies,
    bodies,
    hierarchies,
    activities,
]


def first_of_each_id(ds: Dataset) -> Dataset:
    """The dataset with every record dropped whose id an earlier record of its kind already has.

    :func:`unique_ids` reports the duplicate; the other rules then see each id once, so a copied
    record (or one given a taken id) does not also raise overlaps, replacements and seat errors
    against its own copy. Records of different kinds sharing an id are all kept (each kind is
    looked up separately).
    """
    update: dict[str, list[Record]] = {}
    held: set[str] = set()
    for key, cls in LIST_KEYS.items():
        if not issubclass(cls, Record):
            continue
        seen: set[str] = set()
        kept: list[Record] = []
        for rec in getattr(ds, key):
            if rec.id in seen:
                continue
            seen.add(rec.id)
            if isinstance(rec, Post):
                holders = []
                for m in rec.holders:
                    if m.id not in held:
                        held.add(m.id)
                        holders.append(m)
                if len(holders) != len(rec.holders):
                    rec = rec.model_copy(update={"holders": holders})
            kept.append(rec)
        update[key] = kept
    return ds.model_copy(update=update)


def check_rules(ds: Dataset, where: Locator) -> list[DataIssue]:
    """Run every rule in :data:`RULES`; return all issues found.

    :func:`unique_ids` sees the data as read; the other rules see :func:`first_of_each_id`.
    """
    issues: list[DataIssue] = unique_ids(ds, where)
    once = first_of_each_id(ds)
    for rule in RULES:
        if rule is not unique_ids:
            issues += rule(once, where)
    return issues
