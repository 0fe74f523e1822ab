"""A self-contained HTML evaluation report of the programme (``tmb report``).

``report.html`` holds everything it shows — summary figures, what each analysis finds, every
analysis table, the plots (SVG embedded as data URIs), the list of sources — in one file that
opens offline. Beside it, ``views/`` holds the interactive network views it links to and
``plots/`` the PNG and SVG files of the plots. The whole folder is built aside and swapped in
in one atomic step (:func:`tmb_graph.io.atomic_directory`), so the report never links to a view
that is not there, and a rebuild of the graph (``build/graph/``) never touches it.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from tmb_graph import catalogue
from tmb_graph.analysis.run import ANALYSES, describe_graph
from tmb_graph.io import atomic_directory, check_output_dir, visible_entries
from tmb_graph.paths import default_output
from tmb_graph.propertygraph.projection import View, load_projection
from tmb_graph.table import Result, Table, cell_text
from tmb_graph.view.describe import name_of
from tmb_graph.view.elements import programme_bodies
from tmb_graph.view.network.page import WrittenView, assert_offline, write_view
from tmb_graph.view.plots import PLOTS, RenderedPlot, is_earlier_plots, render_plots
from tmb_graph.view.views import build_views, is_earlier_views

#: the command that owns a report folder (written into its marker)
COMMAND = "report"
#: what the report page of every version says in its title
_SIGNATURE = b"evaluation report from the knowledge graph"


def is_earlier_report(folder: Path) -> bool:
    """Whether ``folder`` holds only what an earlier ``tmb report`` wrote (it wrote no marker):
    its ``report.html``, and ``views/`` and ``plots/`` as :func:`is_earlier_views` and
    :func:`is_earlier_plots` recognise them."""
    names = set(visible_entries(folder))
    if "report.html" not in names or not names <= {"report.html", "views", "plots"}:
        return False
    try:
        with (folder / "report.html").open("rb") as fh:
            if _SIGNATURE not in fh.read(4096):
                return False
    except OSError:
        return False
    return all(
        (folder / sub).is_dir() and not (folder / sub).is_symlink() and known(folder / sub)
        for sub, known in (("views", is_earlier_views), ("plots", is_earlier_plots))
        if sub in names
    )


#: report section title of each analysis, from its one declaration (:data:`tmb_graph.catalogue.ANALYSES`)
TITLES = {e.name: e.title for e in catalogue.ANALYSES}

CSS = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1a1a1a; margin: 0; background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px 28px; }
h1 { font-size: 28px; margin: 0 0 4px 0; } h2 { font-size: 21px; margin-top: 40px; border-bottom: 2px solid #1f3b73;
  padding-bottom: 4px; color: #1f3b73; } h3 { font-size: 16px; margin: 24px 0 6px 0; }
p { line-height: 1.5; } .lead { color: #444; font-size: 15px; }
nav { background: #f4f6fa; border: 1px solid #d8dee9; padding: 8px 14px; border-radius: 6px; font-size: 14px; }
nav a { margin-right: 16px; color: #1f3b73; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 14px 0; }
.card { border: 1px solid #d8dee9; border-radius: 6px; padding: 10px 12px; background: #fafbfd; }
.card b { display: block; font-size: 26px; color: #1f3b73; } .card span { font-size: 13px; color: #444; }
ul.findings li { margin: 6px 0; line-height: 1.45; }
table { border-collapse: collapse; font-size: 12.5px; margin: 6px 0 10px 0; width: 100%; }
th, td { border: 1px solid #d9d9d9; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef2f7; position: sticky; top: 0; } tr:nth-child(even) td { background: #fafafa; }
td { max-width: 420px; overflow-wrap: anywhere; }
details { margin: 4px 0 12px 0; } summary { cursor: pointer; font-weight: bold; color: #1f3b73; }
figure { margin: 18px 0 30px 0; } figure img { max-width: 100%; height: auto; border: 1px solid #e5e5e5; }
figcaption { font-size: 13.5px; color: #444; margin-top: 6px; }
.views li { margin: 6px 0; } .muted { color: #666; font-size: 13px; }
footer { margin-top: 50px; font-size: 12.5px; color: #666; border-top: 1px solid #ddd; padding-top: 10px; }
"""


@dataclass(frozen=True)
class ReportResult:
    """What ``tmb report`` wrote, and how long it took."""

    path: Path
    views: list[WrittenView]
    plots: list[RenderedPlot]
    tables: int
    seconds: float


def _cell(value: Any) -> str:
    """One table cell as HTML: flattened by the one rule (:func:`cell_text`), floats shortened."""
    return html.escape(f"{value:g}" if isinstance(value, float) else cell_text(value))


def table_html(table: Table, analysis: str) -> str:
    """One analysis table as an HTML table inside a collapsible block (open when short)."""
    rows = len(table.rows)
    open_attr = " open" if rows <= 12 else ""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(r.get(c, ''))}</td>" for c in table.columns) + "</tr>" for r in table.rows
    )
    if not table.columns:
        inner = '<p class="muted">no rows</p>'
    else:
        inner = f'<table class="analysis" data-analysis="{analysis}" data-table="{html.escape(table.name)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return f"<details{open_attr}><summary>{html.escape(analysis)} · {html.escape(table.name)} ({rows} rows)</summary>{inner}</details>"


def figures(g: nx.MultiDiGraph) -> list[tuple[str, int]]:
    """The summary figures of the programme, counted in the graph; each label says what it counts.

    "tenures (memberships) in the graph" is the build summary's ``memberships``; the next figure
    is the part of them in the programme's own bodies (the organisation view draws those), the
    rest sit in bodies outside it, such as a national work group.
    """
    v = View(g)
    bodies = programme_bodies(v)
    everything = v.with_label("Membership")
    tenures = [m for m in everything if v.one(m, "IN_BODY") in bodies]
    activities = v.with_label("Activity")
    happened = sum(1 for a in activities if g.nodes[a].get("happened"))
    signatories = {o for p in v.bodies_of_kind("programme") for o in v.out(p, "SIGNED_BY")}
    recipients = {r for a in activities for r in v.out(a, "REACHED")}
    cited = {s for _, s, k in g.edges(keys=True) if k == "DERIVED_FROM"}
    return [
        ("bodies of the programme's organisation", len(bodies)),
        ("work groups", len(v.bodies_of_kind("work_group"))),
        ("signatories", len(signatories)),
        ("organisations in the graph", len(v.with_label("Organisation"))),
        (
            "persons holding a tenure in the programme's bodies (pseudonymous)",
            len({p for m in tenures for p in v.into(m, "HOLDS")}),
        ),
        ("tenures (memberships) in the graph", len(everything)),
        ("of them in the programme's own bodies", len(tenures)),
        ("replacements on a seat in the programme's bodies", sum(1 for m in tenures if v.one(m, "REPLACED"))),
        ("activities that took place", happened),
        ("planned activities that did not", len(activities) - happened),
        ("recipients reached", len(recipients)),
        ("source sections cited", len(cited)),
    ]


def sources_html(g: nx.MultiDiGraph) -> str:
    """The sources: each document, then every section the graph cites, with how many facts rest on it."""
    v = View(g)
    parts = []
    for doc in v.with_label("Document"):
        n = v.node(doc)
        publisher = ", ".join(name_of(v.node(p)) for p in v.out(doc, "PUBLISHED_BY"))
        parts.append(
            "<p><b>"
            + html.escape(str(n.get("title") or n.get("label") or doc))
            + "</b>"
            + (f" — {html.escape(str(n['title_en']))}" if n.get("title_en") else "")
            + (f". Published by {html.escape(publisher)}" if publisher else "")
            + (f". File: <code>{html.escape(str(n['file']))}</code>" if n.get("file") else "")
            + (f". Language: {html.escape(str(n['language']))}" if n.get("language") else "")
            + ".</p>"
        )
    cites: Counter[str] = Counter(s for _, s, k in g.edges(keys=True) if k == "DERIVED_FROM")
    sections = sorted(
        v.with_label("Section"),
        key=lambda s: [int(x) if x.isdigit() else 0 for x in str(g.nodes[s].get("number", "0")).split(".")],
    )
    rows = "".join(
        f"<tr><td>§{html.escape(str(g.nodes[s].get('number', '')))}</td><td>{html.escape(str(g.nodes[s].get('title', '')))}</td>"
        f"<td>{html.escape(str(g.nodes[s].get('title_en', '')))}</td><td>{cites[s]}</td></tr>"
        for s in sections
    )
    parts.append(
        '<table class="sources"><thead><tr><th>section</th><th>title</th><th>title (English)</th>'
        f"<th>facts derived from it</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    return "".join(parts)


def render_report(
    g: nx.MultiDiGraph,
    results: dict[str, Result],
    views: list[tuple[str, WrittenView]],
    plots: list[RenderedPlot],
    graph_dir: Path,
) -> str:
    """The report page (views given as relative link and what was written)."""
    v = View(g)
    programmes = [b for b in programme_bodies(v) if g.nodes[b].get("kind") == "programme"]
    title = " · ".join(name_of(g.nodes[p]) for p in programmes) or "The programme"
    cards = "".join(f'<div class="card"><b>{n}</b><span>{html.escape(label)}</span></div>' for label, n in figures(g))
    findings = "".join(
        f"<li><b>{html.escape(TITLES.get(name, name))}.</b> {html.escape(r.summary())}</li>"
        for name, r in results.items()
    )
    view_items = "".join(
        f'<li><a class="view-link" href="{html.escape(href)}">{html.escape(w.title)}</a> '
        f'<span class="muted">({w.nodes} nodes, {w.edges} edges'
        + (
            f"; simplified: {html.escape(', '.join(sorted(c.name.lower().replace('_', '-') for c in w.collapsed)))}"
            if w.collapsed
            else ""
        )
        + ")</span></li>"
        for href, w in views
    )
    figs = "".join(
        f'<figure id="plot-{p.name}"><img alt="{html.escape(p.caption)}" src="data:image/svg+xml;base64,'
        f'{base64.b64encode(p.svg.encode("utf-8")).decode("ascii")}"><figcaption>{html.escape(p.caption)} '
        f'<span class="muted">(also <a href="plots/{p.name}.png">PNG</a> and <a href="plots/{p.name}.svg">SVG</a>)</span>'
        "</figcaption></figure>"
        for p in plots
    )
    analyses = "".join(
        f'<h3 id="analysis-{name}">{html.escape(TITLES.get(name, name))}</h3><p>{html.escape(r.summary())}</p>'
        + "".join(table_html(t, name) for t in r.tables())
        for name, r in results.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} — evaluation report from the knowledge graph</title>
<style>{CSS}</style></head>
<body><main>
<h1>{html.escape(title)}</h1>
<p class="lead">An evaluation report computed from the knowledge graph of the programme's process evaluation. Every
figure, finding and table below is read from the graph's nodes and edges (graph: <code>{html.escape(describe_graph(graph_dir))}</code>),
each of which rests on a section of the evaluation. Persons are pseudonymous, described by position and organisation.</p>
<nav><a href="#summary">Summary</a><a href="#views">Network views</a><a href="#plots">Plots</a><a href="#tables">Analysis tables</a><a href="#sources">Sources</a></nav>
<h2 id="summary">Summary</h2>
<div class="cards">{cards}</div>
<ul class="findings">{findings}</ul>
<h2 id="views">Network views</h2>
<p>Interactive views of the organisation, written beside this report. They open offline in any browser; hover a node or
an edge for details and its source section.</p>
<ul class="views">{view_items}</ul>
<h2 id="plots">Plots</h2>
{figs}
<h2 id="tables">Analysis tables</h2>
<p>Every table of every analysis (the same as <code>tmb analyse all</code> writes as CSV and JSON). Long tables are folded: click to open.</p>
{analyses}
<h2 id="sources">Sources</h2>
{sources_html(g)}
<footer>Generated by tmb_graph from the built graph. Views: vis-network via pyvis, plots: matplotlib; no part of this page
is fetched from the network.</footer>
</main></body></html>
"""


def write_report(graph_dir: Path, out: Path | None = None, g: nx.MultiDiGraph | None = None) -> ReportResult:
    """Write ``report.html``, the views (``views/``) and the plots (``plots/``) to ``out``.

    Parameters
    ----------
    graph_dir : Path
        A build directory (``tmb build``), read unless ``g`` is given.
    out : Path, optional
        Output directory, replaced as a whole: new, empty, or one ``tmb report`` wrote (see
        :func:`tmb_graph.io.check_output_dir`). Default: ``build/report/``.
    g : networkx.MultiDiGraph, optional
        An already loaded projection.

    Returns
    -------
    ReportResult
        The report's path, the views and plots written, the number of analysis tables, seconds.

    Examples
    --------
    >>> write_report(Path("build")).path                                  # doctest: +SKIP
    PosixPath('build/report/report.html')
    """
    started = time.perf_counter()
    out = out if out is not None else default_output("report")
    reads = (graph_dir,)
    check_output_dir(out, COMMAND, reads=reads, earlier=is_earlier_report)  # refuse before the slow part
    g = load_projection(graph_dir) if g is None else g
    results = {name: fn(g) for name, fn in ANALYSES.items()}
    plots = render_plots(g, PLOTS)
    views: list[WrittenView] = []
    with atomic_directory(out, COMMAND, reads=reads, earlier=is_earlier_report) as tmp:
        (tmp / "views").mkdir()
        (tmp / "plots").mkdir()
        for view, seconds in build_views(g, "all"):
            w = write_view(view, tmp / "views" / f"{view.name}.html")
            views.append(dataclasses.replace(w, path=out / "views" / w.path.name, seconds=w.seconds + seconds))
        for p in plots:
            (tmp / "plots" / f"{p.name}.png").write_bytes(p.png)
            (tmp / "plots" / f"{p.name}.svg").write_text(p.svg, encoding="utf-8")
        links = [(f"views/{w.path.name}", w) for w in views]
        page = render_report(g, results, links, plots, graph_dir)
        assert_offline(page, "the report")
        (tmp / "report.html").write_text(page, encoding="utf-8")
    tables = sum(len(r.tables()) for r in results.values())
    return ReportResult(out / "report.html", views, plots, tables, time.perf_counter() - started)
