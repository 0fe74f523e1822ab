"""The workbench page says what it loaded and keeps a dataset's chosen programme in its address.

In real Chromium over `tmb serve`: a small dataset (two synthetic counties, one year each) and
the real Skåne build. The header names the build from the API (no Skåne on a dataset), the
programme survives a reload and scopes the library's answer, an unknown programme in the
address is said, axe-core finds nothing serious and the console stays clean.
"""

from __future__ import annotations

import re
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import synthetic_dataset
from tests.serve.conftest import SHOTS, Server, open_page, start_server
from tests.serve.test_explore_browser import AXE, _axe

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("serve-dataset-ui")
    synthetic_dataset(root, 2, 1, seed=13)
    running = start_server(root / "graph", root / "stderr.log")
    try:
        yield running
    finally:
        running.process.send_signal(signal.SIGTERM)
        try:
            running.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            running.process.kill()


def _no_serious_axe_violation(page: Any, server: Server) -> None:
    if not AXE.exists():
        pytest.skip("frontend/node_modules/axe-core missing: run `npm ci --prefix frontend`")
    problems = _axe(page, server)
    assert problems == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in problems]


def _shown_count(page: Any) -> int:
    page.wait_for_selector("#library-result .count")
    m = re.match(r"(\d+) row", page.inner_text("#library-result .count"))
    assert m, page.inner_text("#library-result")
    return int(m.group(1))


def test_on_a_dataset_the_header_names_it_and_a_chosen_programme_survives_a_reload(
    context: Any, small_server: Server
) -> None:
    programmes = [p["name"] for p in httpx.get(f"{small_server.url}/api/programmes").json()]
    assert len(programmes) == 2
    chosen = programmes[1]
    page, log = open_page(context, small_server, "/?tab=library")
    header = page.inner_text("#build-title")
    assert header == "2 programmes in 2 counties, 2021"
    assert "Skåne" not in page.inner_text("header") and page.title() == f"tmb workbench — {header}"
    page.select_option("#programme-select", chosen)
    assert f"programme={chosen}" in page.url
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.input_value("#programme-select") == chosen, "the programme survives a reload (it is in the address)"
    # the library answers within it: as the API answers for that programme, not for the whole dataset
    page.get_by_role("button", name="Who held which mandate").first.click()
    page.fill("#qp-at", "2021-06-01")
    with page.expect_response(lambda r: "/api/library/mandates_at" in r.url) as response:
        page.get_by_role("button", name="Answer").click()
    assert f"programme={chosen}" in response.value.url and response.value.status == 200
    params = {"engine": "sparql", "at": "2021-06-01"}
    within = httpx.get(f"{small_server.url}/api/library/mandates_at", params={**params, "programme": chosen}).json()
    whole = httpx.get(f"{small_server.url}/api/library/mandates_at", params=params).json()
    assert _shown_count(page) == within["row_count"] < whole["row_count"]
    assert f"programme={chosen}" in page.url and "question=mandates_at" in page.url
    # choosing another programme answers again what is on screen (not the old programme's rows)
    other = programmes[0]
    theirs = httpx.get(f"{small_server.url}/api/library/mandates_at", params={**params, "programme": other}).json()
    assert theirs["rows"] != within["rows"]
    with page.expect_response(lambda r: "/api/library/mandates_at" in r.url) as again:
        page.select_option("#programme-select", other)
    assert f"programme={other}" in again.value.url and f"programme={other}" in page.url
    page.wait_for_function(
        "n => /^(\\d+) row/.test(document.querySelector('#library-result .count')?.textContent || '')"
        " && parseInt(document.querySelector('#library-result .count').textContent) === n",
        arg=theirs["row_count"],
    )
    with page.expect_response(lambda r: "/api/library/mandates_at" in r.url) as again:
        page.select_option("#programme-select", "")  # all programmes: the whole dataset's answer
    assert "programme=" not in again.value.url
    page.wait_for_function(
        "n => parseInt(document.querySelector('#library-result .count')?.textContent || '0') === n",
        arg=whole["row_count"],
    )
    page.select_option("#programme-select", chosen)
    page.wait_for_function(
        "n => parseInt(document.querySelector('#library-result .count')?.textContent || '0') === n",
        arg=within["row_count"],
    )
    # a shared link opens on the same programme, on another tab too
    shared = context.new_page()
    shared.goto(page.url.replace("tab=library", "tab=mandates"))
    shared.wait_for_selector("body[data-ready=true]")
    assert shared.input_value("#programme-select") == chosen
    shared.close()
    page.click("#lang-switch")
    assert page.inner_text("#build-title") == "2 program i 2 län, 2021"
    assert page.inner_text("#programme-pick span") == "Program"
    _no_serious_axe_violation(page, small_server)
    page.screenshot(path=str(SHOTS / "dataset-header-sv-1366x768.png"))
    page.click("#lang-switch")
    page.close()
    assert log.errors == [] and log.remote == []


def test_a_question_s_id_field_offers_the_chosen_programme_s_nodes_and_its_example_answers(
    context: Any, small_server: Server
) -> None:
    programme = httpx.get(f"{small_server.url}/api/programmes").json()[1]["name"]
    page, log = open_page(context, small_server, "/?tab=library&question=organisation_seats")
    whole = page.input_value("#qp-org")
    assert whole.split(".", 1)[0] in {p["name"] for p in httpx.get(f"{small_server.url}/api/programmes").json()}
    with page.expect_response(lambda r: "/api/library?" in r.url and f"programme={programme}" in r.url):
        page.select_option("#programme-select", programme)
    page.wait_for_function("() => !document.querySelector('#qp-org').value.includes('.')")
    local = page.input_value("#qp-org")
    forms = httpx.get(f"{small_server.url}/api/library", params={"programme": programme}).json()
    org = next(p for q in forms if q["name"] == "organisation_seats" for p in q["params"] if p["name"] == "org")
    assert local == org["example"] and local in {s["value"] for s in org["suggestions"]}
    offered = page.eval_on_selector_all("#dl-organisation_seats-org option", "os => os.map(o => o.value)")
    assert offered == [s["value"] for s in org["suggestions"]], "the list offers the programme's organisations"
    page.get_by_role("button", name="Answer").click()
    assert _shown_count(page) > 0, "the example answers within the programme"
    page.close()
    assert log.errors == [] and log.remote == []


def test_an_unknown_programme_in_the_address_is_said_and_the_page_answers_over_the_whole_dataset(
    context: Any, small_server: Server
) -> None:
    page, log = open_page(context, small_server, "/?tab=library&programme=atlantis-2099")
    note = page.locator("#programme-unknown")
    assert note.is_visible() and "atlantis-2099" in note.inner_text()
    assert page.get_attribute("#programme-unknown", "role") == "alert"
    assert page.input_value("#programme-select") == ""
    _no_serious_axe_violation(page, small_server)
    programme = httpx.get(f"{small_server.url}/api/programmes").json()[0]["name"]
    page.select_option("#programme-select", programme)
    assert not note.is_visible(), "choosing a programme clears the message"
    page.close()
    assert log.errors == [] and log.remote == []


def test_on_the_skane_build_the_header_is_skanes_and_a_programme_in_the_address_is_said(
    context: Any, server: Server, graph_dir: Path
) -> None:
    page, log = open_page(context, server, "/?tab=library&programme=skane-2018-2020")
    assert page.inner_text("#build-title") == "Skåne tillsammans mot brott 2018–2020"
    assert page.locator("#programme-pick").is_hidden() and page.locator("#tab-national").is_hidden()
    note = page.locator("#programme-unknown")
    assert note.is_visible() and "one programme" in note.inner_text()
    _no_serious_axe_violation(page, server)
    page.screenshot(path=str(SHOTS / "skane-header-1366x768.png"))
    page.close()
    assert log.errors == [] and log.remote == []
