"""How node kinds and relations are drawn: shape and colour per kind, colour, width and dashes per relation.

Every view, the legend and the tooltips read these two tables, so a kind or a relation is
styled in one place (:data:`NODE_STYLES`, :data:`EDGE_STYLES`).

Examples
--------
>>> NODE_STYLES["body"].shape
'box'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NodeStyle:
    """How a node kind is drawn and named in the legend."""

    shape: str
    colour: str
    border: str
    legend: str
    font_colour: str = "#1a1a1a"
    size: int = 14
    dashed: bool = False
    label_inside: bool = False


@dataclass(frozen=True)
class EdgeStyle:
    """How a relation is drawn and named in the legend."""

    colour: str
    legend: str
    width: float = 1.5
    dashes: tuple[int, ...] = ()
    arrow: bool = True
    curved: bool = False


#: node kinds. Bodies are boxes (label inside), organisations diamonds, persons dots,
#: activities squares, recipients triangles, goals stars; grouped nodes are pale boxes.
NODE_STYLES: dict[str, NodeStyle] = {
    "programme": NodeStyle("box", "#1f3b73", "#10203f", "programme", "#ffffff", label_inside=True),
    "steering_group": NodeStyle("box", "#a50f15", "#67000d", "steering group", "#ffffff", label_inside=True),
    "startup_group": NodeStyle("box", "#8c6d31", "#5b4520", "start-up group", "#ffffff", label_inside=True),
    "work_group": NodeStyle("box", "#0072b2", "#004a75", "work group", "#ffffff", label_inside=True),
    "other_body": NodeStyle(
        "box", "#e5e5e5", "#8a8a8a", "network, project or forum outside the programme", label_inside=True
    ),
    "org_state": NodeStyle("diamond", "#e69f00", "#9a6a00", "organisation: state agency, police, region"),
    "org_municipal": NodeStyle("diamond", "#56b4e9", "#23739f", "organisation: municipality or municipal body"),
    "org_other": NodeStyle("diamond", "#cc79a7", "#8b4673", "organisation: business, civil society, research"),
    "person": NodeStyle("dot", "#4d4d4d", "#1a1a1a", "representative (a person, pseudonymous)", size=9),
    "activity_done": NodeStyle("square", "#009e73", "#00684c", "activity that took place", size=10),
    "activity_not_done": NodeStyle(
        "square", "#ffffff", "#d55e00", "planned activity that did not take place", size=10, dashed=True
    ),
    "target_group": NodeStyle("triangle", "#9467bd", "#5e3c7e", "target group (recipients)", size=12),
    "goal_met": NodeStyle("star", "#f0e442", "#8a7f00", "goal: fulfilled", size=16),
    "goal_not_met": NodeStyle("star", "#ffffff", "#d55e00", "goal: not (fully) fulfilled", size=16, dashed=True),
    "activities_grouped": NodeStyle(
        "box", "#d4efe6", "#009e73", "activities, grouped (count inside)", label_inside=True
    ),
    "recipients_grouped": NodeStyle(
        "box", "#e8def3", "#9467bd", "recipients, grouped (count inside)", label_inside=True
    ),
    "organisations_grouped": NodeStyle(
        "box", "#fbe8c3", "#e69f00", "organisations, grouped by type (count inside)", label_inside=True
    ),
    # the national picture (a dataset of programmes)
    "nation": NodeStyle(
        "box", "#10203f", "#000000", "the nation (Tillsammans mot brott)", "#ffffff", label_inside=True
    ),
    "county": NodeStyle(
        "box", "#3d6aa8", "#1f3b73", "county (its programmes in the tooltip)", "#ffffff", label_inside=True
    ),
    "bodies_grouped": NodeStyle("box", "#dcebf5", "#0072b2", "bodies of one kind (count inside)", label_inside=True),
    # the ideal-type view
    "ideal_layer": NodeStyle(
        "box", "#f2f2f2", "#4d4d4d", "layer of the ideal-type organisation (§3.4)", label_inside=True
    ),
    "missing_layer": NodeStyle(
        "box",
        "#fff0f0",
        "#d7191c",
        "MISSING: ideal layer with no real counterpart",
        "#b30000",
        dashed=True,
        label_inside=True,
    ),
    "extra_role": NodeStyle("box", "#fff7d6", "#b38f00", "real role with no ideal counterpart", label_inside=True),
    # the continuum view (colour = the involvement the source records)
    "recipient_co_creator": NodeStyle("dot", "#009e73", "#00684c", "recipient recorded as co-creator", size=12),
    "recipient_participant": NodeStyle("dot", "#e69f00", "#9a6a00", "recipient recorded as participant", size=12),
    "recipient_passive": NodeStyle("dot", "#8c8c8c", "#4d4d4d", "recipient recorded as passive recipient", size=12),
    "recipient_unknown": NodeStyle(
        "dot", "#ffffff", "#4d4d4d", "recipient, involvement not recorded", size=12, dashed=True
    ),
}

#: relations between drawn nodes (view-level: a seat is drawn as one edge person → body)
EDGE_STYLES: dict[str, EdgeStyle] = {
    "part_of": EdgeStyle("#7f7f7f", "body is part of (programme)", 2.0),
    "unit_of": EdgeStyle("#b0b0b0", "organisational unit of", 1.0, (2, 3)),
    "signed": EdgeStyle("#1f3b73", "signed the programme declaration", 1.5, (8, 4)),
    "convened": EdgeStyle("#b35806", "convenes (leads) the body", 2.0, (2, 4)),
    "seat": EdgeStyle("#0072b2", "holds a seat in (role, tenure in tooltip)", 1.5),
    "seats": EdgeStyle("#0072b2", "has representatives in (persons collapsed)", 3.0),
    "represents": EdgeStyle("#9a9a9a", "represents (seat held on behalf of)", 1.0, (3, 3)),
    "replaced": EdgeStyle("#d7191c", "took over the seat from (replacement)", 2.5, curved=True),
    "activity_of": EdgeStyle("#009e73", "activity of", 1.0),
    "sub_activity": EdgeStyle("#66c2a5", "part of activity", 1.0, (4, 3)),
    "organised": EdgeStyle("#e69f00", "co-organised", 1.0, (1, 3)),
    "reached": EdgeStyle("#9467bd", "reached (involvement in tooltip)", 1.5),
    "goal_of": EdgeStyle("#8a7f00", "goal of", 1.5, (6, 3)),
    "reports_to": EdgeStyle("#4d4d4d", "reports to (ideal chain of authority)", 2.0),
    "realised_by": EdgeStyle("#2ca02c", "ideal layer realised by", 2.0, (6, 4), arrow=False),
    "not_realised": EdgeStyle("#d7191c", "ideal layer NOT realised", 2.5, (6, 4), arrow=False),
    "in_nation": EdgeStyle("#10203f", "county of the nation", 2.0, arrow=False),
    "in_county": EdgeStyle("#3d6aa8", "programme of the county", 2.0, arrow=False),
    "has_bodies": EdgeStyle("#0072b2", "bodies of the programme (or county), by kind", 1.5, arrow=False),
    "distance": EdgeStyle("#9467bd", "shortest path work group → recipient (distance in tooltip)", 1.2),
}
