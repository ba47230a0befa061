"""The Ask form's answer leads with one short sentence, what the client would get and from which
layer; the hops and why each layer is taken are folded below it, in a `<details>` whose words
are still in the page. A student lost "stop there with 401" at the end of a sentence naming
eight layers, above eight hops and six notes. A stack that would not load is said so once;
the unchanged compute demo's 401 says the token the demo takes."""

from __future__ import annotations

import re

from tests.conftest import DEMO
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask
from tests.dashboard.which_queries import lead

#: A pipeline naming a filter no section defines: PasteDeploy would not load the stack.
MISSING_FILTER = """\
[composite:main]
use = egg:Paste#urlmap
/v1 = api

[pipeline:api]
pipeline = request_id authtokn app

[filter:request_id]
paste.filter_factory = stack.filters.request_id:RequestId.factory

[app:app]
paste.app_factory = stack.demo.compute:APIRouter.factory
"""


def said(html: str) -> str:
    return " ".join(shown(html).split())


def answer(dashboard, *pairs: tuple[str, str]) -> str:
    status, _, html = ask(dashboard, *pairs, headers=HTMX)
    assert status == 200, html
    return html


def test_the_answer_leads_with_the_status_and_folds_the_way(dashboard):
    ini = uploaded(dashboard, "compute.ini", (DEMO / "compute.ini").read_text())
    html = answer(dashboard, ("ini", ini), ("method", "GET"), ("path", "/v2.1/servers"))
    assert lead(html) == ("401, from the filter authtoken: no X-Auth-Token is given. With a "
                          "valid token: handed to the app compute_app, whose answer only "
                          "sending the request shows.")
    # Said before the sentence naming every layer, which stays whole below it.
    assert html.index('class="which-lead"') < html.index('class="which-headline"')
    assert "and stop there with 401" in said(part(html, 'class="which-headline"', "</p>"))
    # The status links to its glossary entry, as a request's story does.
    assert re.search(r'<a class="glossary-link" href="/glossary#401"[^>]*>401</a>',
                     part(html, '<p class="which-lead">', "</p>"))
    # The hops and the notes, folded in one details below, behind a summary saying what.
    folded = part(html, '<details class="which-detail">', "</details>")
    summary = said(part(folded, "<summary>", "</summary>"))
    assert summary == "The whole way, hop by hop (8), and why each layer is taken"
    assert folded.count("<li data-which-node=") == 8
    assert '<ul class="which-story">' in folded and 'class="which-routes-unknown' in folded
    assert "is the demo's token check" in said(folded)


def test_a_running_stacks_answer_leads_with_its_stop_or_action(dashboard, stack):
    html = answer(dashboard, ("stack", "osapi_compute"), ("method", "DELETE"),
                  ("path", "/v2.1/flavors"), ("header", "X-Auth-Token: demo-token"))
    assert lead(html) == "405, from the app compute_app."
    html = answer(dashboard, ("stack", "osapi_compute"), ("method", "GET"),
                  ("path", "/v2.1/flavors/2"), ("header", "X-Auth-Token: demo-token"))
    assert lead(html) == (
        "The app compute_app calls flavors.show().")


def test_a_stack_that_would_not_load_is_said_so_once_then_why(dashboard):
    """The lead said "No answer: the stack would not load.", the paragraph below it "GET
    /v1/servers would get no answer: the stack would not load.", and the box below that "It
    would not load: …"; and an empty fold opened onto nothing."""
    ini = uploaded(dashboard, "missing.ini", MISSING_FILTER)
    html = answer(dashboard, ("ini", ini), ("method", "GET"), ("path", "/v1/servers"))
    assert lead(html) == "No answer: the stack would not load."
    told = said(part(html, '<p class="which-lead">', "</section>"))
    assert told == ("No answer: the stack would not load. The pipeline api cannot be built "
                    "(line 6): 'authtokn': no such filter section. PasteDeploy builds every "
                    "section the composite main reaches as it loads it, so loading fails, and "
                    "no request is answered.")
    assert 'class="which-headline"' not in html and "<details" not in html


def test_the_unchanged_compute_demos_401_says_the_token_it_takes(dashboard):
    ini = uploaded(dashboard, "compute.ini", (DEMO / "compute.ini").read_text())
    html = answer(dashboard, ("ini", ini), ("method", "GET"), ("path", "/v2.1/servers"))
    assert said(part(html, '<p class="which-token-hint"', "</p>")) == (
        "This is Pastescope's demo, unchanged: its token check takes X-Auth-Token: demo-token. "
        "Give it in the header field and ask again.")
    assert "valid_tokens = demo-token" in (DEMO / "compute.ini").read_text()
    # Given it, the request goes past the check: nothing more to hint.
    html = answer(dashboard, ("ini", ini), ("method", "GET"), ("path", "/v2.1/servers"),
                  ("header", "X-Auth-Token: demo-token"))
    assert lead(html).startswith("Handed to the app compute_app")
    assert "which-token-hint" not in html


def test_a_changed_demos_token_is_a_secret_never_hinted(dashboard):
    text = (DEMO / "compute.ini").read_text().replace("valid_tokens = demo-token",
                                                      "valid_tokens = t0p-s3cret")
    ini = uploaded(dashboard, "compute.ini", text)
    html = answer(dashboard, ("ini", ini), ("method", "GET"), ("path", "/v2.1/servers"))
    assert lead(html).startswith("401, from the filter authtoken")
    assert "which-token-hint" not in html and "t0p-s3cret" not in html


def test_the_running_unchanged_demos_401_says_the_token_it_takes(dashboard, stack, twice):
    """Live's Ask of the compute demo it draws: the same hint as an upload's, for the demo
    serving unchanged; a stack serving a changed copy (`twice`) is never told it."""
    html = answer(dashboard, ("stack", stack.stack_name), ("method", "GET"),
                  ("path", "/v2.1/servers"))
    assert lead(html).startswith("401, from the filter authtoken")
    assert said(part(html, '<p class="which-token-hint"', "</p>")) == (
        "This is Pastescope's demo, unchanged: its token check takes X-Auth-Token: demo-token. "
        "Give it in the header field and ask again.")
    html = answer(dashboard, ("stack", twice.stack_name), ("method", "GET"),
                  ("path", "/v2.1/servers"))
    assert lead(html).startswith("401, from the filter authtoken")
    assert "which-token-hint" not in html
