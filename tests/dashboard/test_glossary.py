"""The glossary page: every entry has an id of its own, each event kind says what
`stack/events.py` says of it, and the words a student meets on the first pages and commands
are explained there in the form those pages show them."""

from __future__ import annotations

import configparser
import html
import re

import pytest
import routes

from dashboard.glossary import ANCHORS
from dashboard.glossary import TERMS
from dashboard.glossary import anchor_of
from dashboard.glossary import event_terms
from stack.demo.seed_glance import LogFilter
from stack.demo.seed_nova import FaultWarp
from stack.demo.seed_nova import RequestLogging
from stack.events import kind_summaries
from stack.routing import route_table
from stack.wsgi import Middleware
from tests.conftest import DEMO
from tests.conftest import cli_lines
from tests.dashboard import page_text
from tests.dashboard.servers import HTMX


def entry_html(page: str, word: str) -> str:
    """The HTML of `word`'s entry on the glossary page; a word with no entry fails here."""
    marker = f'id="{anchor_of(word)}">'
    assert marker in page, f"the glossary has no entry for {word!r}"
    return page.split(marker, 1)[1].split("</div>", 1)[0]


def entry_text(page: str, word: str) -> str:
    """`word`'s entry as a reader sees it: its word, then its text, tags dropped."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", entry_html(page, word))).split())


def test_no_two_entries_share_an_id():
    terms = [term for group in TERMS.values() for term in group] + event_terms()
    assert len(ANCHORS) == len(terms)


def test_each_event_kind_is_explained_in_its_payloads_words(dashboard):
    page = dashboard.get("/glossary")[2]
    for kind, when in kind_summaries().items():
        assert entry_text(page, kind) == f"{kind} {when[0].upper()}{when[1:]}"


def test_the_entry_inspect_names_first_is_explained(dashboard):
    """`inspect`'s first line counts the file's entries and its second says what one is in
    PasteDeploy's words (`loadapp`); `request.start` hands a request "to the entry node": a
    student looks the word up and must find it, with the call inspect quotes."""
    header = cli_lines("inspect", DEMO / "compute.ini")[:2]
    assert "1 entry" in header[0] and "loadapp(" in header[1]
    page = dashboard.get("/glossary")[2]
    assert "loadapp(" in entry_text(page, "entry")
    # The word the [DEFAULT] entry and the upload page's Settings use, explained too.
    assert "global_conf" in entry_text(page, "section")
    assert "keyword arguments" in entry_text(page, "global_conf")


def test_each_factory_scheme_the_demos_use_is_explained(dashboard):
    """The compute demo's composite is `use = call:…`, drawn on its box as `call:…`: each
    scheme a demo ini's `use =` names (`egg:`, `call:`) has its entry."""
    schemes = set()
    for ini in DEMO.glob("*.ini"):
        parser = configparser.RawConfigParser()
        parser.read(ini)
        schemes |= {parser[name]["use"].split(":", 1)[0] + ":" for name in parser.sections()
                    if ":" in parser[name].get("use", "")}
    assert schemes >= {"egg:", "call:"}
    page = dashboard.get("/glossary")[2]
    for scheme in schemes:
        assert f"use = {scheme}" in entry_text(page, scheme)


def test_the_call_entry_quotes_the_compute_demos_box_as_it_is_drawn(dashboard, stack):
    """The entry said the compute demo's box shortens `call:stack.wsgi:pipeline_factory` to
    `call:wsgi:pipeline_factory`; the box on Live says `wsgi:pipeline_factory`, and a student
    comparing the two could not tell which they were looking at."""
    page = dashboard.get("/?stack=osapi_compute")[2]
    node = page_text.part(page, 'data-node="composite:openstack_compute_api_v21"', "</g>")
    box = html.unescape(re.search(r'<text class="factory"[^>]*>([^<]+)</text>', node).group(1))
    assert box.endswith("pipeline_factory")
    assert f"shortens to {box} " in entry_text(dashboard.get("/glossary")[2], "call:")


def test_a_route_template_is_written_as_the_pages_show_it(dashboard):
    """Routes' `resource()` writes its member routes `/servers/:(id)`, and the route table, the
    step view and the lessons show them so: the route entry writes that form, not only the
    `{id}` one a student never sees on the demo."""
    mapper = routes.Mapper()
    mapper.resource("server", "servers")
    show = next(row["template"] for row in route_table(mapper) if row["name"] == "server")
    assert show == "/servers/:(id)"
    assert f"<code>{show}</code>" in entry_html(dashboard.get("/glossary")[2], "route")


def test_the_routes_entry_explains_every_row_the_compute_demos_table_shows(dashboard, stack):
    """Live's route table lists 30 routes for the compute demo's two resources and its action:
    `new` and `edit` marked "no such action: 404", and a `.:(format)` twin of each. The entry
    said `resource()` adds "list, create, show, update and delete routes": a student counting
    the rows found twice as many, and neither the twins nor the marks explained."""
    live = dashboard.get("/?stack=osapi_compute")[2]
    table = page_text.part(live, "<caption>Routes</caption>", "</table>")
    rows = len(re.findall(r'<tr data-route-node="[^"]*" data-route-template="/', table))
    marked = re.findall(r'<span class="no-action"[^>]*>([^<]+)</span>', live)
    mapper = routes.Mapper()
    mapper.resource("server", "servers")
    actions = {row["action"] for row in route_table(mapper)}
    assert {"new", "edit"} < actions and marked
    entry = entry_html(dashboard.get("/glossary")[2], "Routes")
    assert all(f"<code>{action}</code>" in entry for action in actions), entry
    assert "<code>.:(format)</code>" in entry and f"“{marked[0]}”" in entry
    assert f"a table of {rows} rows" in entry


def test_auth_strategy_names_the_keys_the_compute_demo_draws(dashboard):
    """The diagram draws the compute demo's pipeline_factory keys, `keystone` and `noauth`:
    the entry that explains them names both as they are written."""
    parser = configparser.RawConfigParser()
    parser.read(DEMO / "compute.ini")
    keys = set(parser["composite:openstack_compute_api_v21"]) - {"use", "auth_strategy"}
    assert keys == {"keystone", "noauth"}
    entry = entry_html(dashboard.get("/glossary")[2], "auth_strategy")
    assert all(f"<code>{key}</code>" in entry for key in keys)


def test_the_composite_entry_says_which_choice_is_made_per_request(dashboard):
    """It said every composite "chooses among other sections for each request", then that
    pipeline_factory "chooses once, at load time": one entry, two answers."""
    text = entry_text(dashboard.get("/glossary")[2], "composite")
    assert "egg:Paste#urlmap chooses for each request" in text
    assert "pipeline_factory chooses once, at load time" in text
    assert "chooses among other sections for each request" not in text


def test_a_filter_factory_is_two_calls_as_the_entry_says(dashboard):
    """PasteDeploy calls a filter's factory with the settings, then what it returned with the
    next app, as `Middleware.factory` (nova's shape) is built; the entry said the factory was
    given the app. The seed lessons' filters return their class, which the entry said was a
    function."""

    def app(environ, start_response):
        return []

    wrap = Middleware.factory({})
    assert not isinstance(wrap, Middleware) and isinstance(wrap(app), Middleware)
    for seed_filter in (LogFilter, FaultWarp, RequestLogging):
        assert seed_filter.factory({}) is seed_filter
        assert isinstance(seed_filter.factory({})(app), seed_filter)
    text = " ".join(entry_text(dashboard.get("/glossary")[2], "filter").split())
    assert ("Its factory is given the section's settings and returns a callable (a function, or "
            "the filter's class itself, as the seed lessons' filters return theirs) that is "
            "given the app after it") in text


@pytest.mark.parametrize(("step", "status", "answerer"), [
    (3, 401, "authtoken"), (4, 404, "controller"), (5, 405, "router"), (6, 500, "faultwrap"),
    (7, 413, "size limit filter"),
])
def test_a_lesson_runs_status_links_to_what_it_means_and_who_answers_it(dashboard, stack, step,
                                                                         status, answerer):
    """A class's first question at the compute lesson's Run is "what is a 405?": the status a
    Run shows linked nowhere, and the glossary had no entry for any status. It links to one
    that says which layer of the stack answers it."""
    html = dashboard.post(f"/api/lessons/compute-demo/steps/{step}/run", headers=HTMX)[2]
    badge = page_text.part(html, '<span class="status-badge', "</span>")
    link = re.search(r'<a class="glossary-link" href="([^"]+)"[^>]*>(\d+)</a>', badge)
    assert link and link.group(2) == str(status), badge
    assert link.group(1) == f"/glossary#{status}"
    assert answerer in entry_text(dashboard.get("/glossary")[2], str(status))


def test_the_word_the_filter_entry_is_explained_by_has_its_own_entry(dashboard):
    """The filter entry calls a filter "a middleware", a word a student new to WSGI asks about
    and found no entry for."""
    page = dashboard.get("/glossary")[2]
    assert "a middleware" in entry_text(page, "filter")
    assert "An api-paste.ini's filters are middleware" in entry_text(page, "middleware")
