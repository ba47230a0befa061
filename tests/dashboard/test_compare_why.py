"""`GET /compare` says why two requests of the real compute demo differ: how the requests
themselves differ, the stack or graph each ran on, what each got and why (in `stack.explain`'s
words: a short circuit, a route miss, a missing action, an exception and who caught it), and
the error bodies the client was told — before the hops and the time."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from stack.demo import compute
from stack.explain import explain_steps
from tests.conftest import DEMO
from tests.conftest import TOKEN
from tests.conftest import line_holding
from tests.dashboard.page_text import summary
from tests.dashboard.servers import announced
from tests.dashboard.servers import form_sent
from tests.dashboard.servers import send


def said(dashboard, a: str, b: str) -> dict[str, str]:
    """The "What differs" lines of /compare?a=A&b=B, by name, as their reader reads them."""
    status, _, page = dashboard.get(f"/compare?a={a}&b={b}")
    assert status == 200, page
    names = re.findall(r'<li data-summary="([a-z-]+)">', page)
    return {name: html.unescape(summary(page, name)) for name in names}


def explained(dashboard, trace_id: str, kind: str) -> str:
    """`stack.explain`'s words for the first `kind` event of a trace that decided its answer
    (a `node.leave` that short-circuited), as a line of the summary shows them (names in
    backticks are set as code)."""
    events = dashboard.get(f"/api/traces/{trace_id}")[2]["events"]
    index = next(n for n, e in enumerate(events) if e["kind"] == kind
                 and (kind != "node.leave" or e["data"]["short_circuit"]))
    text = explain_steps(events)[index].text.replace("`", "")
    return text[0].lower() + text[1:] if text.startswith(("The ", "No ")) else text


def test_a_401_says_which_header_b_lacked_who_answered_and_what_it_said(dashboard, stack):
    ok = form_sent(dashboard, "GET", "/v2.1/servers", TOKEN)
    denied = form_sent(dashboard, "GET", "/v2.1/servers")
    lines = said(dashboard, ok, denied)
    names = list(lines)
    # Most important first: the requests, what each got and why, what B was told; then hops.
    assert names[:4] == ["request", "outcome", "why-b", "body"]
    assert names.index("body") < names.index("only-a") < names.index("total")
    assert lines["request"] == ("Both are GET /v2.1/servers; only A sent the header "
                                "X-Auth-Token (its value redacted).")
    assert lines["outcome"] == "A got 200, B 401."
    assert lines["why-b"] == "Why B got 401: " + explained(dashboard, denied, "node.leave")
    assert "authtoken answered 401 itself" in lines["why-b"]
    assert lines["body"].startswith("B's body said: “401 Unauthorized ")
    assert lines["body"].endswith("The X-Auth-Token header is missing.”")
    assert "why-a" not in lines  # a 200 needs no explaining
    page = dashboard.get(f"/compare?a={ok}&b={denied}")[2]
    assert TOKEN["X-Auth-Token"] not in page  # redacted stays redacted


def test_two_401s_say_one_sent_a_token_and_quote_where_their_bodies_part(dashboard, stack):
    missing = form_sent(dashboard, "GET", "/v2.1/servers")
    wrong = form_sent(dashboard, "GET", "/v2.1/servers", {"X-Auth-Token": "wrong"})
    lines = said(dashboard, missing, wrong)
    assert lines["request"] == ("Both are GET /v2.1/servers; only B sent the header "
                                "X-Auth-Token (its value redacted).")
    assert lines["outcome"] == "Both got 401."
    assert lines["why-both"] == "Why both got 401: " + explained(dashboard, wrong, "node.leave")
    assert "authtoken answered 401 itself" in lines["why-both"]
    # WebOb's page is the same up to its last sentence: only that is quoted.
    assert lines["body"] == ("Their bodies differ: A's said “… The X-Auth-Token header is "
                             "missing.”, B's “… The X-Auth-Token header is not valid.”")
    page = dashboard.get(f"/compare?a={missing}&b={wrong}")[2]
    assert "wrong" not in page.split('<ul class="compare-summary">')[1]


def test_a_404_of_the_controller_and_one_of_no_route_say_so(dashboard, stack):
    shown = form_sent(dashboard, "GET", "/v2.1/servers/999", TOKEN)
    unrouted = form_sent(dashboard, "GET", "/v2.1/nothing/here", TOKEN)
    lines = said(dashboard, shown, unrouted)
    assert lines["request"] == (
        "A is GET /v2.1/servers/999, B GET /v2.1/nothing/here (their paths differ) with the "
        "same headers (both sent X-Auth-Token, whose values are redacted and not compared).")
    assert lines["outcome"] == "Both got 404."
    assert lines["why-a"] == "Why A got 404: " + explained(dashboard, shown, "error")
    assert "HTTPNotFound ('Server 999 could not be found.')" in lines["why-a"]
    assert lines["why-b"] == "Why B got 404: " + explained(dashboard, unrouted, "route.miss")
    assert "no route of the router of the app compute_app" in lines["why-b"].lower()
    assert lines["body"] == ("Their bodies differ: A's said “… Server 999 could not be "
                             "found.”, B's “… No route matches GET /nothing/here”.")
    assert lines["only-a"].startswith("After app:compute_app, only A went through "
                                      "servers.show(), ")


def test_a_405_says_which_methods_the_route_allows(dashboard, stack):
    listed = form_sent(dashboard, "GET", "/v2.1/servers", TOKEN)
    refused = form_sent(dashboard, "DELETE", "/v2.1/servers", TOKEN)
    lines = said(dashboard, listed, refused)
    assert lines["request"].startswith("A is GET /v2.1/servers, B DELETE /v2.1/servers "
                                       "(their methods differ)")
    assert lines["outcome"] == "A got 200, B 405."
    assert lines["why-b"] == "Why B got 405: " + explained(dashboard, refused, "route.miss")
    assert "refuses DELETE" in lines["why-b"] and "405 (allowed: GET, POST)" in lines["why-b"]


def test_a_500_names_the_exception_where_it_was_raised_and_who_caught_it(dashboard, stack):
    rebooted = form_sent(dashboard, "POST", "/v2.1/servers/1/action", TOKEN, {"reboot": None})
    failed = form_sent(dashboard, "POST", "/v2.1/servers/1/action", TOKEN, {"migrate": None})
    lines = said(dashboard, rebooted, failed)
    assert lines["request"] == (
        'Both are POST /v2.1/servers/1/action; their JSON bodies differ: A {"reboot": null}, '
        'B {"migrate": null} (both sent X-Auth-Token, whose values are redacted and not '
        "compared).")
    assert lines["outcome"] == "A got 202, B 500."
    assert lines["why-b"] == "Why B got 500: " + explained(dashboard, failed, "error")
    # The exception, where it was raised, and who caught it.
    assert "RuntimeError ('No valid host was found for server 1')" in lines["why-b"]
    raised = line_holding(compute, "raise RuntimeError")
    assert f"compute.py:{raised}" in lines["why-b"] and "faultwrap" in lines["why-b"]
    assert lines["body"] == ('B\'s body said: “{"computeFault":{"code":500,"message":'
                             '"Unexpected API Error. RuntimeError: No valid host was found for '
                             'server 1"}}”.')


def test_a_missing_action_is_not_said_to_have_run(dashboard, stack):
    new = form_sent(dashboard, "GET", "/v2.1/servers/new", TOKEN)
    shown = form_sent(dashboard, "GET", "/v2.1/servers/999", TOKEN)
    lines = said(dashboard, new, shown)
    assert lines["why-a"] == "Why A got 404: " + explained(dashboard, new, "error")
    assert "has no new action, so MissingAction" in lines["why-a"]
    assert lines["only-a"].startswith(
        "After app:compute_app, only A went through servers.new() (which does not exist: "
        "MissingAction), and spent ")
    assert lines["only-a"].endswith(" ms in it.")
    assert lines["only-b"].startswith("After app:compute_app, only B went through "
                                      "servers.show(), and spent ")
    page = dashboard.get(f"/compare?a={new}&b={shown}")[2]
    [row] = re.findall(r'<tr [^>]*data-missing-action="true"[^>]*>(.*?)</tr>', page, re.S)
    cells = re.sub(r"<[^>]+>", " ", row.replace("<wbr>", ""))  # a break point joins its word
    assert " ".join(html.unescape(cells).split()).startswith("servers.new() no such action only A")


def edited_ini(folder: Path) -> Path:
    """The compute demo without `sizelimit` in its keystone pipeline."""
    text = (DEMO / "compute.ini").read_text()
    edited = text.replace("request_id faultwrap sizelimit authtoken compute_app",
                          "request_id faultwrap authtoken compute_app")
    assert edited != text
    ini = folder / "compute.ini"
    ini.write_text(edited)
    return ini


def test_an_ini_edit_between_two_requests_is_said(dashboard, stack, tmp_path):
    ini = str(DEMO / "compute.ini")
    with announced(dashboard, "osapi_compute", ini, stack="edited_compute") as first:
        before = send(dashboard, first, "GET", "/v2.1/servers", TOKEN)["trace"]
    with announced(dashboard, "osapi_compute", str(edited_ini(tmp_path)),
                   stack="edited_compute") as again:
        after = send(dashboard, again, "GET", "/v2.1/servers", TOKEN)["trace"]
    lines = said(dashboard, before, after)
    assert lines["stack"] == (
        "Both ran on the stack edited_compute, but it announced another graph between them "
        "(its ini changed, and it was started again): a hop only one went through may be the "
        "edit, not the request.")
    assert list(lines).index("stack") < list(lines).index("only-a")
    # One hop: "in it", not "in them".
    assert re.fullmatch(r"After filter:faultwrap, only A went through filter:sizelimit, and "
                        r"spent \d+\.\d{3} ms in it\.", lines["only-a"])

    # The demo's own stack is another stack altogether.
    other = form_sent(dashboard, "GET", "/v2.1/servers", TOKEN)
    assert said(dashboard, other, before)["stack"] == (
        "They ran on different stacks, A on osapi_compute and B on edited_compute: their "
        "layers differ as their stacks do.")
    also_demo = form_sent(dashboard, "GET", "/v2.1/servers", TOKEN)
    assert "stack" not in said(dashboard, other, also_demo)


@pytest.fixture(scope="module")
def older(dashboard, stack) -> tuple[str, str]:
    """A request, then more than the 50 most recent others, then the same request again."""
    first = form_sent(dashboard, "GET", "/v2.1/flavors/2", TOKEN)
    for n in range(52):
        form_sent(dashboard, "GET", f"/v2.1/flavors/{n % 3}", TOKEN if n % 2 else {})
    return first, form_sent(dashboard, "GET", "/v2.1/flavors/2", TOKEN)


def choices(page: str, which: str) -> list[str]:
    """The trace ids a "Compare with…" list offers, in order."""
    markup = page.split(f'data-choices="{which}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<tr class="[^"]*" data-trace="([^"]+)"', markup)


def test_compare_with_offers_the_same_request_line_first_however_old(dashboard, older):
    first, again = older
    page = dashboard.get(f"/compare?a={again}")[2]
    same = choices(page, "same")
    assert first in same and again not in same
    assert first not in choices(page, "recent")  # beyond the 50 most recent
    rows_shown = {trace: dashboard.get(f"/api/traces/{trace}")[2] for trace in same}
    assert {(row["method"], row["path"]) for row in rows_shown.values()} == {
        ("GET", "/v2.1/flavors/2")}
    assert page.index('data-choices="same"') < page.index('data-choices="recent"')


def test_compare_with_filters_the_others_by_path(dashboard, older):
    first, again = older
    page = dashboard.get(f"/compare?a={again}&path=/flavors/1")[2]
    recent = choices(page, "recent")
    assert recent
    paths = {dashboard.get(f"/api/traces/{trace}")[2]["path"] for trace in recent}
    assert paths == {"/v2.1/flavors/1"}
    assert 'name="path" value="/flavors/1"' in page
