"""Cypher helpers: checking the Cypher text the project ships or generates."""
