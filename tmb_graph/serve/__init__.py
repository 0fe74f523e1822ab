"""``tmb serve``: the analyst's workbench — the graph asked in the browser, and a JSON API for scripts.

- :mod:`.app` — the web application and the server (:func:`~tmb_graph.serve.app.serve`);
- :mod:`.api` — the JSON routes (OpenAPI at ``/api/openapi.json``);
- :mod:`.workbench` — schema, library forms, search and node pages, without HTTP;
- :mod:`.engines` — the SPARQL worker and FalkorDB, loaded once, restarted when a query overruns;
- :mod:`.security` — host, token, read-only, size limits and the Content-Security-Policy;
- ``static/`` — the front end, built from ``frontend/`` by esbuild (committed: pip install needs no Node).
"""
