"""Governance form: a structural reading of Provan & Kenis's three modes of network governance.

Definition
----------
Provan & Kenis (2008) tell three forms apart by who governs the network: the participants
together (*shared participant governance*), one participant (*lead organisation*), or a
separate entity set up to run it that is not itself a participant (*network administrative
organisation*, NAO). The graph records the roles that govern, with their authority type, so
the reading is made from them for each period (tenures held in it, :mod:`.periods`):

- *network-level administration*: the ``administrative`` tenures on the programme itself or
  on its steering and start-up groups (the process leaders); *body-level administration*:
  the conveners of the work groups (``CONVENED_BY``, and tenures in the ``convener`` role);
- *decision*: the ``decision`` tenures (the steering group), the chair among them;
- a *participant* is an organisation holding a decision or representation seat.

The reading, in this order:

1. **network administrative organisation** — network-level administrative roles exist and
   every organisation holding them is not a participant;
2. **lead organisation** — one participant holds every network-level administrative role, or
   (without such roles) holds the chair and convenes more bodies than any other;
3. **shared participant governance** — otherwise.

Each row names the lead, the chair, the process leaders and the conveners, and lists the
tenures and sections the reading rests on, so it can be checked against the source (§3.3).

Reference: Provan, K. G. & Kenis, P. (2008), "Modes of network governance: structure,
management, and effectiveness", *Journal of Public Administration Research and Theory* 18(2),
229–252.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx

from tmb_graph.analysis.network.periods import Period
from tmb_graph.analysis.network.ties import Tenure
from tmb_graph.propertygraph.projection import View

SHARED = "shared participant governance"
LEAD = "lead organisation"
NAO = "network administrative organisation"
NETWORK_LEVEL_KINDS = frozenset({"programme", "steering_group", "startup_group"})


@dataclass
class Governance:
    """The governance reading of one period."""

    period: str
    form: str
    lead: str
    chair: str
    process_leaders: list[str]
    conveners: dict[str, str]
    lead_share: float | None
    evidence: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)


def governance(
    g: nx.MultiDiGraph, ts: list[Tenure], period: Period, sections_of: Callable[[str], list[str]] | None = None
) -> Governance:
    """Read the governance form of ``period`` from the governing tenures among ``ts``.

    ``ts`` are the tenures of the measured bodies and of the programme itself (those not held
    in ``period`` are left out here); ``sections_of`` gives a tenure's sections (by default
    :meth:`View.sections`; a caller reading many periods passes a cached one).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("prog", labels=frozenset({"Body"}), kind="programme")
    >>> g.add_node("sg", labels=frozenset({"Body"}), kind="steering_group")
    >>> import datetime as dt; y = [(dt.date(2019, 1, 1), dt.date(2020, 1, 1))]
    >>> ts = [Tenure("m1", "s1", "prog", "org-l", "p1", "process_leader", "administrative", y),
    ...       Tenure("m2", "s2", "sg", "org-l", "p2", "chair", "decision", y),
    ...       Tenure("m3", "s3", "sg", "org-x", "p3", "steering_member", "decision", y)]
    >>> r = governance(g, ts, Period("2019", dt.date(2019, 1, 1), dt.date(2020, 1, 1)))
    >>> r.form, r.lead, r.chair
    ('lead organisation', 'org-l', 'org-l')
    """
    v = View(g)
    held = [t for t in ts if t.in_period(period)]
    bodies = {t.body for t in held}
    kind = {b: str(g.nodes[b].get("kind", "")) for b in bodies}
    network_admin = [t for t in held if t.authority == "administrative" and kind[t.body] in NETWORK_LEVEL_KINDS]
    convener_tenures = [t for t in held if t.role == "convener"]
    convening_in: dict[str, set[str]] = defaultdict(set)
    for t in convener_tenures:
        convening_in[t.body].add(t.organisation)
    conveners: dict[str, str] = {}
    for b in sorted(bodies):
        if kind[b] in NETWORK_LEVEL_KINDS:
            continue
        orgs = v.out(b, "CONVENED_BY") or sorted(convening_in[b])
        if orgs:
            conveners[b] = "; ".join(orgs)
    chairs = [t for t in held if t.role == "chair"]
    chair = chairs[0].organisation if chairs else ""
    participants = {t.organisation for t in held if t.authority in ("decision", "representation")}
    leaders = sorted({t.organisation for t in network_admin})
    convening = Counter(o for orgs in conveners.values() for o in orgs.split("; "))

    lead = ""
    if leaders and not set(leaders) & participants:
        form = NAO
        lead = leaders[0] if len(leaders) == 1 else ""
    elif len(leaders) == 1:
        form, lead = LEAD, leaders[0]
    elif (
        not leaders
        and chair
        and convening
        and convening.most_common(1)[0][0] == chair
        and (len(convening) == 1 or convening.most_common(2)[1][1] < convening[chair])
    ):
        form, lead = LEAD, chair
    else:
        form = SHARED
    roles = [t.organisation for t in network_admin] + [chair] * bool(chair) + list(convening.elements())
    share = round(roles.count(lead) / len(roles), 3) if lead and roles else None
    evidence = sorted({t.membership for t in [*network_admin, *chairs, *convener_tenures]})
    sections = sorted(
        {s for m in evidence for s in (sections_of or v.sections)(m)},
        key=lambda s: [int(x) for x in s.split(".") if x.isdigit()],
    )
    return Governance(period.label, form, lead, chair, leaders, conveners, share, evidence, sections)
