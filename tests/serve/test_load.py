"""`tmb serve` under load, briefly: 20 concurrent clients for a few seconds asking the bench's mix (library
questions on both engines, ad-hoc queries, node details, explorer states, searches) get no error, and
the server's memory does not grow. The full 60-second run with latencies is ``python -m bench.serve``;
here nothing is timed (the machine is shared), only errors and memory are asserted."""

from __future__ import annotations

import pytest

from bench.serve import load_test, rss_mb
from tests.serve.conftest import Server

pytestmark = pytest.mark.timeout(120)

#: how much the server's resident memory may grow over the run (allocator noise, not a leak: a leak
#: of even 10 kB a request would exceed it over the run's requests)
RSS_GROWTH_MB = 25


def test_twenty_clients_get_no_error_and_the_servers_memory_stays_flat(server: Server) -> None:
    first = load_test(server.url, server.process.pid, seconds=3, clients=20, seed=1)  # the caches fill
    assert first.errors == []
    result = load_test(server.url, server.process.pid, seconds=5, clients=20, seed=2)
    print("\n" + "\n".join(result.lines()))
    assert result.errors == []
    assert result.requests >= 100, "the clients were answered"
    assert set(result.latencies) == {"library question", "node details", "ad-hoc query", "explore state", "search"}
    assert result.rss_end_mb - first.rss_start_mb < RSS_GROWTH_MB
    assert rss_mb(server.process.pid) > 0
