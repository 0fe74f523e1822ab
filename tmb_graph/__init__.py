"""tmb_graph: a provenance-backed knowledge graph of *Skåne tillsammans mot brott*.

Data flows one way: YAML facts (``data/``) → validated model (:mod:`tmb_graph.model`,
:mod:`tmb_graph.validate`) → RDF (:mod:`tmb_graph.rdf`) → stores, analyses and views.
"""

__version__ = "0.1.0"
