"""Exports of the graph for other tools: GraphML (yEd, Cytoscape) and GEXF (Gephi).

Both write the networkx projection (:mod:`tmb_graph.propertygraph.projection`) with its node types,
labels and dates as attributes, flattened to the scalars those formats require
(:func:`~tmb_graph.readwrite.attributes.flatten`).
"""
