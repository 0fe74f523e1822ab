"""What the graph can be asked to show: every analysis, view and plot, each declared once.

An :class:`Entry` carries a name, an English (and, where natural, Swedish) title, a one-line
summary, the options it takes and the function that computes it. Everything that lists them
derives from here: the analysis runner (:mod:`tmb_graph.analysis.run`), the view and plot
catalogues (:mod:`tmb_graph.view.views`, :mod:`tmb_graph.view.plots`), the report's section
titles (:mod:`tmb_graph.view.report`), the command-line help (:mod:`tmb_graph.cli.analyse`,
:mod:`tmb_graph.cli.view`) and the README tables (:mod:`tmb_graph.generate`, checked by
``tmb generate --check``).

Why the function is named, not imported: this module sits below everything (it imports
nothing of the project), so the command line can print its help from it without loading
networkx or matplotlib (``tmb --help`` stays fast) and the generator can read it from its
layer. The runner of each catalogue, in the layer that owns the functions, imports them
(:func:`resolve`); ``tests/cli/test_catalogue.py`` checks that every target resolves.

Adding an analysis: write ``tmb_graph/analysis/NAME.py`` with a function
``(networkx.MultiDiGraph) -> Result`` and add one :class:`Entry` to :data:`ANALYSES`.

Examples
--------
>>> [e.name for e in ANALYSES][:3]
['gaps', 'turnover', 'layers']
>>> names(PLOTS)
('tenures', 'membership', 'activities', 'goals', 'network')
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Entry:
    """One analysis, view or plot.

    Parameters
    ----------
    name : str
        The name the command line and file names use (``gaps``, ``organisation``).
    title : str
        English title (report section, README table, help).
    summary : str
        One line: what it shows.
    target : str
        ``module:function`` that computes it (resolved by :func:`resolve`).
    title_sv : str
        Swedish title, where natural ("" otherwise).
    options : tuple of str
        Options it takes beyond the graph: ``at`` (a date), and for the network analysis
        ``by``, ``body``, ``between``.
    each : str
        For a view drawn once per item (a work group): ``module:function`` listing the items;
        ``NAME:<id>`` draws one.
    tables : tuple of str
        For an analysis: the names of the tables it returns, in order (the network's
        ``whatif`` only when asked for). Read by ``tmb analyse --table`` so that a wrong or
        missing table name is refused before the graph is loaded; a test holds each analysis
        to its list.
    """

    name: str
    title: str
    summary: str
    target: str
    title_sv: str = ""
    options: tuple[str, ...] = ()
    each: str = ""
    tables: tuple[str, ...] = ()


ANALYSES: tuple[Entry, ...] = (
    Entry(
        "gaps",
        "Organisational gaps",
        "Where responsibility or authority ends without anyone taking over: signatories without a work group, groups without managers, vacant seats.",
        "tmb_graph.analysis.gaps:organisational_gaps",
        "Organisatoriska luckor",
        ("at",),
        tables=("gaps", "gaps_by_kind"),
    ),
    Entry(
        "turnover",
        "Representative turnover",
        "Tenures per seat: their length, the changes and departures, the cascade of replacements, continuity.",
        "tmb_graph.analysis.turnover:representative_turnover",
        "Omsättning av representanter",
        ("at",),
        tables=("tenures", "changes_per_year", "continuity", "cascade"),
    ),
    Entry(
        "layers",
        "The missing project-group layer",
        "The real organisation against the ideal type of §3.4: unrealised layers, reporting chains, distances.",
        "tmb_graph.analysis.layers:missing_layers",
        "Den saknade projektgruppsnivån",
        ("at",),
        tables=("layers", "extra_roles", "authority_chains", "distances"),
    ),
    Entry(
        "recipients",
        "Co-creators and passive recipients",
        "Each recipient's distance to the body that designed its activities, co-creator ↔ passive recipient.",
        "tmb_graph.analysis.recipients:recipient_distance",
        "Medskapare och passiva mottagare",
        ("at",),
        tables=("recipients", "recipients_by_body"),
    ),
    Entry(
        "goals",
        "Goal attainment",
        "Per work group: planned activities carried out, those that fell away, and the goals' assessment.",
        "tmb_graph.analysis.goals:goal_attainment",
        "Måluppfyllelse",
        ("at",),
        tables=("goal_attainment", "reasons"),
    ),
    Entry(
        "network",
        "Collaboration measured over time: network metrics",
        "Network metrics of the implementation organisation period by period.",
        "tmb_graph.analysis.network:network_metrics",
        "Samverkan mätt över tid: nätverksmått",
        ("at", "by", "body", "between"),
        tables=("periods", "bodies", "organisations", "departures", "governance", "whatif"),
    ),
)

VIEWS: tuple[Entry, ...] = (
    Entry(
        "organisation",
        "The implementation organisation",
        "The whole implementation organisation: bodies, seats, holders.",
        "tmb_graph.view.organisation:organisation_view",
        "Genomförandeorganisationen",
        ("at",),
    ),
    Entry(
        "workgroup",
        "A work group",
        "One view per work group: seats, holders, activities, recipients, goals.",
        "tmb_graph.view.workgroup:workgroup_view",
        "En arbetsgrupp",
        ("at",),
        each="tmb_graph.view.workgroup:work_groups",
    ),
    Entry(
        "ideal",
        "The ideal-type organisation beside the real one",
        "The ideal-type project organisation of §3.4 beside the real one, missing layers in red.",
        "tmb_graph.view.ideal:ideal_view",
        "Idealtypisk organisation bredvid den verkliga",
    ),
    Entry(
        "continuum",
        "Co-creators and passive recipients",
        "Recipients on the co-creator ↔ passive-recipient continuum.",
        "tmb_graph.view.continuum:continuum_view",
        "Medskapare och passiva mottagare",
    ),
    Entry(
        "national",
        "Every county, every year: the national picture",
        "A dataset's counties → programmes → bodies by kind, aggregated to at most 100 nodes; `--programme NAME` draws one programme's organisation.",
        "tmb_graph.view.national:national_view",
        "Varje län, varje år: den nationella bilden",
    ),
)

PLOTS: tuple[Entry, ...] = (
    Entry(
        "tenures",
        "Tenures per seat",
        "Tenure timeline per seat (Gantt) with replacements marked.",
        "tmb_graph.view.plot_tenure:tenure_gantt",
        "Mandattider per plats",
    ),
    Entry(
        "membership",
        "Organisations × bodies",
        "Organisation × body membership matrix.",
        "tmb_graph.view.plot_membership:membership_matrix",
        "Organisationer × organ",
    ),
    Entry(
        "activities",
        "Activities over time",
        "Activity timeline coloured by status, the Covid-19 period shaded.",
        "tmb_graph.view.plot_activity:activity_timeline",
        "Aktiviteter över tid",
    ),
    Entry(
        "goals",
        "Goal attainment per work group",
        "Goal attainment per work group.",
        "tmb_graph.view.plot_goals:goal_attainment_plot",
        "Måluppfyllelse per arbetsgrupp",
    ),
    Entry(
        "network",
        "Network metrics over time",
        "Network metrics month by month, the Covid-19 period shaded.",
        "tmb_graph.view.plot_network:network_plot",
        "Nätverksmått över tid",
    ),
)


def names(entries: Iterable[Entry]) -> tuple[str, ...]:
    """The names of ``entries``, in catalogue order.

    Examples
    --------
    >>> names(VIEWS)
    ('organisation', 'workgroup', 'ideal', 'continuum', 'national')
    """
    return tuple(e.name for e in entries)


def entry(entries: Iterable[Entry], name: str) -> Entry | None:
    """The entry called ``name`` (``None`` when there is none).

    Examples
    --------
    >>> entry(ANALYSES, "goals").title
    'Goal attainment'
    """
    return next((e for e in entries if e.name == name), None)


def choices(entries: Iterable[Entry], extra: Iterable[str] = ("all",)) -> str:
    """The names joined for a help text: ``gaps | turnover | … | all``.

    Examples
    --------
    >>> choices(PLOTS)
    'tenures | membership | activities | goals | network | all'
    """
    return " | ".join((*names(entries), *extra))


def resolve(target: str) -> Any:
    """The function a ``module:function`` target names, imported on first use.

    Called only by the runner in the layer that owns the target (analysis targets from
    :mod:`tmb_graph.analysis.run`, view and plot targets from :mod:`tmb_graph.view`), so no
    import reaches upward.

    Examples
    --------
    >>> resolve("tmb_graph.catalogue:names")(PLOTS)[0]
    'tenures'
    """
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)
