"""Analyses of the evaluation's structural findings, computed from the graph.

Each analysis lives in its own module with a precise definition in its docstring, reads the
networkx projection of the property graph (:mod:`tmb_graph.propertygraph.projection`), and returns a
typed result that converts to rows (CSV/JSON/Markdown) and to a pandas DataFrame. Every
reported item names the graph nodes that carry it and the source section behind it.
"""
