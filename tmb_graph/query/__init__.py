"""Asking the graph: parameters, the SPARQL runner, the Cypher runner and the question library."""
