"""What the server makes as it starts (the schema, the library forms): waited for, and made again after a failure."""

from __future__ import annotations

import threading

import pytest

from tmb_graph.serve.api import Prepared


def test_a_value_made_at_start_is_made_again_on_the_next_request_after_a_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(threading, "excepthook", lambda args: None)  # the start's failure is printed, not raised
    calls: list[int] = []
    started = threading.Event()

    def make() -> int:
        calls.append(1)
        if len(calls) == 1:
            started.set()
            raise RuntimeError("the SPARQL worker restarted")
        return 42

    prepared = Prepared(make)
    assert started.wait(5)
    assert prepared.get() == 42 and prepared.get() == 42
    assert len(calls) == 2  # failed once in the thread, made once by the request, then kept
