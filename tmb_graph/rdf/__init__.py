"""Model → RDF with the ontology's terms, and the serialisers of ``tmb build``."""
