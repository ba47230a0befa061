"""`GET /api/which` of a path with a fragment: dropped, as `which` drops it, and said so
(`stack.request_target.fragment`)."""

from __future__ import annotations

from tests.conftest import NEUTRON
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask


def test_the_page_s_answer_drops_the_fragment_and_says_so(dashboard):
    ini_id = uploaded(dashboard, NEUTRON.name, NEUTRON.read_bytes())
    status, _, answer = ask(dashboard, ("ini", ini_id), ("path", "/v2.0/networks#frag"),
                            ("header", "X-Auth-Token: abc"))
    assert status == 200, answer
    assert answer["describe"][1] == ("`#frag` is the URL's fragment, which a client never "
                                     "sends (curl drops it too): the request is for "
                                     "`/v2.0/networks`.")
    assert [hop["path_info"] for hop in answer["hops"]][1] == "/networks"
