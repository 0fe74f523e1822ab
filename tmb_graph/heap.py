"""Large long-lived structures kept out of the cyclic garbage collector's sight.

A national property graph or projection is half a million Python objects. Kept by a long-lived
process (``tmb serve``'s :class:`~tmb_graph.workspace.Workspace`), CPython's full collection
walks them all — 0.1–0.25 s at 10⁶ triples — at a moment of its own choosing: in the middle of a
question (the bench saw a 225–253 ms p95 for a question whose median is 32–50 ms, in a process
holding the national property graph) or many times over during an analysis (the network metrics
at 10⁶: 7.8 → 6.6 s settled).

:func:`settle` collects once, then freezes (:func:`gc.freeze`) every object alive at that
moment: later collections skip them. Reference counting still frees them, but a reference
*cycle* among them is never collected once it becomes garbage — and a networkx graph is one as
soon as its degree view is cached. So it is for what a process keeps until it ends (a
workspace's forms), never inside a library function whose caller may drop the result, and only
for a structure large enough to matter (:data:`SETTLE_FROM`): never a programme's graph, nor
the tests'.
"""

from __future__ import annotations

import gc

#: nodes + relationships (or edges) from which a structure is settled: a synthetic programme has
#: ~1,500, the real one ~2,000, the national union of 126 (10⁶ triples) 186,000 — settled from
#: ~34 programmes on
SETTLE_FROM = 50_000


def settle(size: int) -> bool:
    """Collect, then freeze what is alive, when a structure of ``size`` elements was just made.

    Returns whether it did (``size`` at least :data:`SETTLE_FROM`).

    Examples
    --------
    >>> settle(10)          # a programme's graph: nothing to gain
    False
    """
    if size < SETTLE_FROM:
        return False
    gc.collect()
    gc.freeze()
    return True
