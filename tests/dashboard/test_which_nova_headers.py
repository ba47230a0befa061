"""`GET /api/which&header=…` on an uploaded nova api-paste.ini: nova's urlmap reads the API
version of the Content-Type or Accept header, and the answer says it chose by that header."""

from __future__ import annotations

import html

import pytest

from tests.conftest import NOVA
from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask

ROOT = "pipeline:oscomputeversions"
V2 = "composite:openstack_compute_api_v2"
V21 = "composite:openstack_compute_api_v21"


@pytest.fixture(scope="module")
def nova_id(dashboard) -> str:
    return uploaded(dashboard, NOVA.name, NOVA.read_bytes())


def second_hop(dashboard, nova_id: str, path: str, *headers: str) -> tuple[dict, dict]:
    pairs = [("ini", nova_id), ("path", path), *(("header", h) for h in headers)]
    status, _, answer = ask(dashboard, *pairs)
    assert status == 200, answer
    return answer["hops"][1], answer


@pytest.mark.parametrize(("path", "headers", "node", "label", "script_name", "by", "said"), [
    ("/servers", [], ROOT, "/", "", None,
     "picks `/` (of 5), the catch-all, as no longer prefix matches `/servers`;"),
    ("/servers", ["Accept: application/json;version=2.1"], V21, "/v2.1", "/v2.1",
     "the Accept header's `version=2.1`",
     "picks `/v2.1` (of 5), by the Accept header's `version=2.1`: no prefix other than `/` "
     "matches `/servers`, so nova's urlmap takes the API version from the headers and looks it "
     "up as the prefix `/v2.1`; `/v2.1` is added to SCRIPT_NAME and PATH_INFO is left as it is"),
    ("/servers", ["Content-Type: application/json;version=2"], V2, "/v2", "/v2",
     "the Content-Type header's `version=2`",
     "picks `/v2` (of 5), by the Content-Type header's `version=2`:"),
    ("/servers", ["Accept: application/json;version=9"], ROOT, "/", "",
     "the Accept header's `version=9`",
     "looks it up as `/v9`, which only the catch-all `/` matches; nothing moves"),
    ("/v2/servers", ["Accept: application/json;version=2.1"], V2, "/v2", "/v2", None,
     "The Accept header's `version=2.1` is not read: nova's urlmap takes the API version from "
     "the headers only when no prefix other than `/` matches the path."),
])
def test_the_answer_follows_nova_and_says_why(dashboard, nova_id, path, headers, node, label,
                                              script_name, by, said):
    hop, answer = second_hop(dashboard, nova_id, path, *headers)
    assert (hop["node"], hop["label"], hop["script_name"], hop["path_info"], hop["by"]) == (
        node, label, script_name, "/servers", by)
    assert any(said in line for line in answer["describe"]), answer["describe"]
    assert answer["headers"] == dict(h.split(": ", 1) for h in headers)


def test_the_page_shows_the_header_that_chose_and_keeps_it_in_the_form(dashboard, nova_id):
    status, headers, page = ask(dashboard, ("ini", nova_id), ("path", "/servers"),
                                ("header", "Accept: application/json;version=2.1"), headers=HTMX)
    assert status == 200
    text = html.unescape(page)
    assert ('via <code>/v2.1</code>, <span data-which-by>by the Accept header\'s '
            '<code>version=2.1</code></span>') in text
    assert 'name="header" value="Accept: application/json;version=2.1"' in text
    assert ("by the Accept header's <code>version=2.1</code>: no prefix other than "
            "<code>/</code> matches <code>/servers</code>") in text
    # The page's own address asks the same question again, header and all.
    pushed = headers["HX-Push-Url"]
    status, _, again = dashboard.get(pushed)
    assert status == 200 and "data-which-by" in again


def test_a_malformed_header_is_refused_naming_the_field(dashboard, nova_id):
    status, _, answer = ask(dashboard, ("ini", nova_id), ("path", "/servers"),
                            ("header", "Accept"))
    assert status == 400
    assert answer["error"] == ("header: 'Accept': expected NAME: VALUE (e.g. 'Accept: "
                               "application/json;version=2.1')")


def test_a_host_header_is_the_host_and_not_given_twice(dashboard, nova_id):
    """The form refused a Host header ("give the Host as the host"), which Send and lessons
    send as the request's Host: it is the Host here too, and given with the Host field as
    well, it is refused as any header given twice is."""
    status, _, answer = ask(dashboard, ("ini", nova_id), ("path", "/servers"),
                            ("header", "Host: api.example.com"))
    assert status == 200 and answer["host"] == "api.example.com", answer
    status, _, answer = ask(dashboard, ("ini", nova_id), ("path", "/servers"),
                            ("host", "a.example.com"), ("header", "Host: api.example.com"))
    assert status == 400
    assert answer["error"] == ("header: 'Host: api.example.com': the Host is given twice, as "
                               "the Host field too; give it once")
