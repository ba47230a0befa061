"""`GET /api/which` and its form answer as `python -m stack which` does: an uploaded ini whose
`pipeline_factory` picks a pipeline naming a missing filter is named with that line, a stack
whose `pipeline_factory` one way to it leaves no pipeline to build would not load whichever way
is asked, and a method is taken as typed (`get` is not `GET`: the running demo's router answers
it 405)."""

from __future__ import annotations

from tests.conftest import DEMO
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import announce_graph
from tests.dashboard.which_queries import ask
from tests.stack.referred_strategy import OFFERS
from tests.stack.referred_strategy import TWO_WAYS_FAIL
from tests.stack.referred_strategy import two_ways


def test_an_uploaded_typo_in_the_chosen_pipeline_is_the_reason_given(dashboard):
    text = (DEMO / "compute.ini").read_text().replace("sizelimit authtoken compute_app",
                                                      "sizelimit authtokn compute_app")
    ini_id = uploaded(dashboard, "typo.ini", text)
    status, _, answer = ask(dashboard, ("ini", ini_id), ("path", "/v2.1/servers"))
    assert status == 200, answer
    assert answer["stopped"] == {
        "node": "composite:openstack_compute_api_v21", "status": None,
        "reason": "its `auth_strategy = keystone` picks its `keystone` alternative (line 22), "
                  "where 'authtokn' names no filter section (did you mean [filter:authtoken] "
                  "at line 34?)", "said": answer["describe"][1:2]}  # its one line of story
    status, _, html = ask(dashboard, ("ini", ini_id), ("path", "/v2.1/servers"), headers=HTMX)
    assert status == 200
    assert "where 'authtokn' names no filter section" in " ".join(shown(html).split())


def test_a_composite_two_ways_lead_to_refuses_the_load_whichever_is_asked(dashboard, tmp_path):
    """`/a` was said to reach the app, and `/b` answered 500 (StopIteration): PasteDeploy
    builds other.ini's composite under `sub`'s `set auth_strategy` too, with no pipeline."""
    announce_graph(dashboard, "which-two-ways", two_ways(tmp_path))
    for path in ("/a/x", "/b/x"):
        status, _, answer = ask(dashboard, ("stack", "which-two-ways"), ("path", path))
        assert status == 200, answer
        assert (answer["hops"], answer["stopped"]["node"], answer["stopped"]["status"]) == (
            [], "other.ini#composite:api", None)
        assert answer["describe"][0] == f"GET {path} would get no answer: the stack would not load."
        assert answer["describe"][1].endswith(
            TWO_WAYS_FAIL + OFFERS.format("choose one above to ask about it"))
        status, _, html = ask(dashboard, ("stack", "which-two-ways"), ("path", path),
                              headers=HTMX)
        assert status == 200
        assert "on the way the composite main → the composite sub leads to it" in " ".join(
            shown(html).split())


def test_a_lower_case_method_is_asked_as_typed(dashboard, stack):
    question = (("stack", "osapi_compute"), ("method", "get"), ("path", "/v2.1/servers"))
    status, _, answer = ask(dashboard, *question)
    assert status == 200, answer
    assert (answer["method"], answer["route"], answer["stopped"]["status"]) == ("get", None, 405)
    assert answer["describe"][1].startswith("`get` is not `GET`: HTTP methods are case-sensitive")
    status, _, html = ask(dashboard, *question, headers=HTMX)
    assert status == 200 and 'data-which-stopped="405"' in html
    assert 'name="method" value="get"' in html  # the form keeps what was asked
