"""``python -m tmb_graph`` runs the ``tmb`` command."""

from tmb_graph.cli import app

app(prog_name="tmb")
