"""See the organisation: interactive network views, static plots and a self-contained report.

Everything here reads the networkx projection of the built graph
(:func:`tmb_graph.propertygraph.projection.load_projection`) and the analyses computed from it, never
the YAML.

Views (:mod:`tmb_graph.view.views` is the catalogue) are single HTML files drawn with pyvis /
vis-network, with the JavaScript inlined so they open from ``file://`` with no network:

- :mod:`~tmb_graph.view.organisation` — the whole implementation organisation (``--at`` a date);
- :mod:`~tmb_graph.view.workgroup` — one work group: seats, holders, activities, recipients, goals;
- :mod:`~tmb_graph.view.ideal` — the ideal-type project organisation beside the real one;
- :mod:`~tmb_graph.view.continuum` — recipients on the co-creator ↔ passive-recipient continuum.

Shared styling, the legend, aggregation and the HTML writer are in :mod:`~tmb_graph.view.network`.
Plots (matplotlib, PNG + SVG) are in :mod:`~tmb_graph.view.plots` and the ``plot_*`` modules;
the report in :mod:`~tmb_graph.view.report`; the CLI commands in :mod:`tmb_graph.cli.view`.
"""
