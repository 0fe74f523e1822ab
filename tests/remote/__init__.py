"""Tests against real SPARQL servers (Virtuoso Open Source) started by the project's scripts."""
