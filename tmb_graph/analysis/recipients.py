"""Co-creators and passive recipients: a measurable distance (§5, question 4).

Definition
----------
The source places the recipients of the work groups' activities on a continuum from
*co-creators* (medskapare: their stated needs shaped the content) to *passive recipients*
(passiva mottagare). We measure it as a weighted shortest-path distance from a recipient to the
body that designed the activities, on a graph whose edges get shorter the more the recipient
took part in the design:

- recipient → activity, one edge per ``REACHED`` relationship, weight
  ``3 − s`` where ``s`` is the involvement score of that reach, the sum of
  ``needs_shaped_content``, ``tailored_support``, ``feedback`` and ``repeated_contact``
  (``yes`` = 1, ``partly`` = 0.5, otherwise 0; capped at 2.5 so every edge weighs at least 0.5);
  a recipient reached by two or more activities of the same body counts ``repeated_contact``
  as ``yes`` for each of them;
- recipient → body when the recipient itself holds a seat in the body (a tenure
  ``ON_BEHALF_OF`` it, e.g. a participating municipality), weight 0.5;
- activity → body (``BY_BODY``), weight 1; a sub-activity reaches its body through the
  activity it is ``PART_OF``.

``distance`` is the shortest such path from the recipient to any work group; ``score`` the best
involvement score of any reach. Per work group, ``mean_distance`` averages the distance from
each recipient *outside* the body to that body: a member organisation reached by its own
group's activity (it holds a seat there) is counted as ``internal`` and left out of the mean,
since the continuum of §5 is about the recipients the groups worked for. Recipients are then ordered by distance (ties: higher score
first). The ``involvement`` the data records (co_creator / participant / passive_recipient) is
reported beside the measured position, so the two can be compared, not copied.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from tmb_graph.propertygraph.projection import View
from tmb_graph.table import Result, Table

FLAG = {"yes": 1.0, "partly": 0.5}
FLAGS = ("needs_shaped_content", "tailored_support", "feedback", "repeated_contact")
BAND_ORDER = {"co_creator": 0, "participant": 1, "passive_recipient": 2, "unknown": 3}


@dataclass
class RecipientRow:
    recipient: str
    name: str
    bodies: list[str]
    activities: list[str]
    reaches: int
    score: float
    distance: float
    position: int
    recorded_involvement: str
    path: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)


@dataclass
class BodyRow:
    body: str
    recipients: int
    internal: int
    mean_distance: float
    co_creators: int
    participants: int
    passive: int


@dataclass
class RecipientsResult(Result):
    recipients: list[RecipientRow]
    by_body: list[BodyRow]
    name: str = "recipients"

    def order(self) -> list[str]:
        return [r.recipient for r in self.recipients]

    def row(self, recipient: str) -> RecipientRow:
        return next(r for r in self.recipients if r.recipient == recipient)

    def tables(self) -> list[Table]:
        return [Table.of("recipients", self.recipients), Table.of("recipients_by_body", self.by_body)]

    def summary(self) -> str:
        near = [r.recipient for r in self.recipients if r.distance <= 2]
        finite = [r.distance for r in self.recipients if r.distance != float("inf")]
        outside = len(self.recipients) - len(finite)
        return (
            f"{len(self.recipients)} recipients; {len(near)} within distance 2 of a work group "
            f"(co-creator end), the farthest at {max(finite, default=0)}"
            + (f"; {outside} reached only by programme-level activities (no work group)." if outside else ".")
        )


def _body_of(v: View, activity: str) -> str | None:
    seen = {activity}
    cur: str | None = activity
    while cur:
        body = v.one(cur, "BY_BODY")
        if body:
            return body
        parent = v.one(cur, "PART_OF")
        cur = parent if parent not in seen else None
        if cur:
            seen.add(cur)
    return None


def recipient_distance(g: nx.MultiDiGraph) -> RecipientsResult:
    """Place every recipient on the co-creator ↔ passive-recipient continuum.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Projection of a programme graph.

    Returns
    -------
    RecipientsResult
        One row per recipient (score, distance, position, recorded involvement, the path) and
        one per work group.

    Examples
    --------
    >>> res = recipient_distance(load_projection(Path("build")))      # doctest: +SKIP
    >>> res.row("org-trelleborg").distance < res.row("tg-nar-hr").distance  # doctest: +SKIP
    True
    """
    v = View(g)
    work_groups = set(v.bodies_of_kind("work_group"))
    reaches: list[tuple[str, str, str, dict[str, object]]] = []
    for act in v.with_label("Activity"):
        body = _body_of(v, act)
        if body is None:
            continue
        for recipient, props in v.out_edges(act, "REACHED"):
            reaches.append((recipient, act, body, props))
    per_body = Counter((r, b) for r, _, b, _ in reaches)
    h = nx.DiGraph()
    scores: dict[str, float] = defaultdict(float)
    recorded: dict[str, str] = {}
    for recipient, act, body, props in reaches:
        flags = dict(props)
        if per_body[(recipient, body)] >= 2:
            flags["repeated_contact"] = "yes"
        s = min(2.5, sum(FLAG.get(str(flags.get(f)), 0.0) for f in FLAGS))
        scores[recipient] = max(scores[recipient], s)
        h.add_edge(recipient, act, weight=3 - s)
        h.add_edge(act, body, weight=1.0)
        band = str(props.get("involvement", "unknown"))
        if BAND_ORDER.get(band, 3) < BAND_ORDER.get(recorded.get(recipient, "unknown"), 3):
            recorded[recipient] = band
        recorded.setdefault(recipient, band)
    seated: set[tuple[str, str]] = set()
    for post in v.with_label("Post"):
        org, body = v.one(post, "ON_BEHALF_OF"), v.one(post, "IN_BODY")
        if org in scores and body in work_groups:
            h.add_edge(org, body, weight=0.5)
            seated.add((org, body))
    rows = []
    # one search from all work groups over the reversed edges gives every recipient's nearest group
    back = h.reverse(copy=False)
    sources = [wg for wg in sorted(work_groups) if wg in back]  # sorted: ties broken the same in every run
    nearest, routes = nx.multi_source_dijkstra(back, sources, weight="weight") if sources else ({}, {})
    by_recipient: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r, a, b, _ in reaches:
        by_recipient[r].append((a, b))
    for recipient in sorted(scores):
        best = float(nearest.get(recipient, float("inf")))
        path = list(reversed(routes.get(recipient, [])))
        mine = by_recipient[recipient]
        node = v.node(recipient)
        rows.append(
            RecipientRow(
                recipient,
                str(node.get("name") or node.get("label") or recipient),
                sorted({b for _, b in mine}),
                sorted({a for a, _ in mine}),
                len(mine),
                round(scores[recipient], 2),
                round(best, 2),
                0,
                recorded.get(recipient, "unknown"),
                path,
                v.sections(recipient),
            )
        )
    rows.sort(key=lambda r: (r.distance, -r.score, r.recipient))
    for i, row in enumerate(rows, 1):
        row.position = i
    rows_of: dict[str, list[RecipientRow]] = defaultdict(list)
    for row in rows:
        for body in row.bodies:
            rows_of[body].append(row)
    by_body = []
    for body in sorted(work_groups):
        reached = rows_of.get(body, [])
        # a body's own member organisations sit on both sides of its activities: reported, but
        # the continuum is about the recipients outside the body
        mine_rows = [r for r in reached if (r.recipient, body) not in seated]
        if not mine_rows:
            continue
        bands = Counter(r.recorded_involvement for r in mine_rows)
        from_body = nx.single_source_dijkstra_path_length(back, body, weight="weight")
        to_body = [float(from_body.get(r.recipient, float("inf"))) for r in mine_rows]
        by_body.append(
            BodyRow(
                body,
                len(mine_rows),
                len(reached) - len(mine_rows),
                round(sum(to_body) / len(to_body), 2),
                bands["co_creator"],
                bands["participant"],
                bands["passive_recipient"],
            )
        )
    by_body.sort(key=lambda b: (b.mean_distance, b.body))
    return RecipientsResult(rows, by_body)
