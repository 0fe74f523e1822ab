"""The property-graph side: one mapping from RDF, and the stores and exports that use it."""
