"""Large long-lived structures kept out of the cyclic garbage collector's sight.

A national property graph or projection is millions of Python objects that live as long as the
process that made them. CPython's full collection walks every tracked object — 0.1–0.25 s at
10⁶ triples — at a moment of its own choosing: in the middle of a question (the bench saw a
253 ms p95 for a question whose median is 32 ms, in a process holding the national property
graph) or many times over over an analysis (the network metrics at 10⁶: 7.8 → 6.8 s settled).

:func:`settle` collects once, then freezes (:func:`gc.freeze`) every object alive at that
moment: a later collection skips them. Reference counting still frees them; what freezing
gives up is collecting a reference *cycle* among them should one become garbage later, which
is why it is done only for a structure large enough to matter (:data:`SETTLE_FROM`) — kept by a
server or a one-shot command — and never for the small graphs of the tests or of one programme.
"""

from __future__ import annotations

import gc

#: nodes + relationships (or edges) from which a structure is settled: a synthetic programme has
#: ~1,800, the national union of 126 (10⁶ triples) 186,000 — settled from ~28 programmes on
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
