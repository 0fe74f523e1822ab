"""Validation: schema (pydantic, in the loader), cross-record rules, evidence, SHACL.

:func:`tmb_graph.validate.run.validate_folder` runs them in that order.
"""
