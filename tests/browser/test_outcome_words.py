"""What a layer passed up is said in the dashboard's words (`stack.explain_words.outcome_words`),
which Live's replay and the step view show as the server sends them: a dashboard whose words
are other ones shows those, in the boxes' names, Live's list of hops and the step view's
boxes, and no script says "raised" or "no status" of its own; nor do the timelines of the request
page and /compare (`_hop_status.html`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import played_500
from tests.browser.steps_page import last_step
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import announced
from tests.stack.app_inis import ref

#: The dashboard's words for what a layer passed up, and the test dashboard's for the same.
REWORDED = {"500": "HTTP 500", "raised": "an exception left it",
            "no status": "a body and no status"}
#: `python -m dashboard`, saying what a layer passed up in `REWORDED`'s words.
LAUNCH = ("-c", f"""import sys
import stack.explain_words as explain
said = explain.outcome_words
def reworded(*args):
    words = said(*args)
    return {REWORDED!r}.get(words, words)
explain.outcome_words = reworded
from dashboard.__main__ import main
sys.exit(main())
""")
#: A filter that raised, under one that caught it and returned a body without calling
#: start_response, under faultwrap, which answered 500 for it: three layers, three outcomes.
INI = f"""[pipeline:main]
pipeline = faultwrap swallowing raising app

[filter:faultwrap]
paste.filter_factory = stack.filters.fault_wrapper:FaultWrapper.factory

[filter:swallowing]
paste.filter_factory = {ref('make_swallowing_filter')}

[filter:raising]
paste.filter_factory = {ref('make_raising_filter')}

[app:app]
use = call:{ref('make_generator_app')}
"""
#: Each box's layer, and what its name says it did, in the test dashboard's words.
SAID = {"filter:faultwrap": "returned HTTP 500", "filter:swallowing": "a body and no status",
        "filter:raising": "an exception left it"}
#: Each layer, and what its status cell says in the timelines, in the test dashboard's words.
CELLS = {node: said.removeprefix("returned ") for node, said in SAID.items()}
#: The layers that passed up no status: the step view writes the words in their boxes.
NO_CODE = ("filter:swallowing", "filter:raising")


@pytest.fixture
def reworded(tmp_path) -> Iterator[Dashboard]:
    server = Dashboard(tmp_path / "data", launch=LAUNCH)
    try:
        yield server
    finally:
        server.stop()


def test_the_pages_say_what_a_layer_passed_up_in_the_words_the_dashboard_sends(
        page: Page, reworded, tmp_path):
    ini = tmp_path / "swallowing.ini"
    ini.write_text(INI)
    with announced(reworded, "main", str(ini)) as stack:
        trace = played_500(page, reworded.url, stack.url)
        for node, said in SAID.items():
            box = page.locator(f'#diagram .node[data-node="{node}"]')
            expect(box).to_have_attribute("aria-label", re.compile(f": {said}$"))
            words = said.removeprefix("returned ")
            expect(page.locator('#hops li[data-kind="node.leave"]', has_text=node)).to_have_text(
                re.compile(f"^← {node} {words} in "))

        last_step(page, f"{reworded.url}/requests/{trace}/steps")
        for node, said in SAID.items():
            box = page.locator(f'.stepper .node[data-node="{node}"]')
            expect(box).to_have_attribute("aria-label", re.compile(f": {said}$"))
            if node in NO_CODE:
                expect(box.locator("[data-timing]")).to_have_text(said)

        page.goto(f"{reworded.url}/requests/{trace}")
        for node, said in CELLS.items():
            row = page.locator(f'table.timeline tr[data-node="{node}"]')
            expect(row.locator("td").nth(1)).to_have_text(said)

        page.goto(f"{reworded.url}/compare?a={trace}&b={trace}")
        for node, said in CELLS.items():
            cells = page.locator(f'table.compare-hops tr[data-node="{node}"] td')
            expect(cells.nth(1)).to_have_text(said)
            expect(cells.nth(2)).to_have_text(said)
