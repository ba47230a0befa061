"""`which` of a URL with a fragment (`/v2.0/networks#frag`): the next layer was said to see
PATH_INFO `/networks#frag`, but a client never sends a fragment (curl drops it), so no layer
ever sees it. It is dropped, and one line says so."""

from __future__ import annotations

from tests.conftest import NEUTRON
from tests.conftest import which_lines

DROPPED = ("`#frag` is the URL's fragment, which a client never sends (curl drops it too): "
           "the request is for `/v2.0/networks?limit=1`.")


def test_the_fragment_is_dropped_and_said_to_be():
    lines = which_lines(NEUTRON, "GET", "/v2.0/networks?limit=1#frag")
    assert lines[1] == DROPPED
    assert lines[2].endswith("so the composite `neutronapi_v2_0` sees PATH_INFO `/networks`.")
    assert not [line for line in lines[2:] if "#frag" in line]


def test_a_whole_url_s_fragment_is_dropped_with_what_follows_it():
    """A `?` after the `#` is the fragment's: the request has no query string."""
    lines = which_lines(NEUTRON, "GET", "http://neutron:9696/v2.0/networks#a?b")
    assert lines[1] == ("`#a?b` is the URL's fragment, which a client never sends (curl drops "
                        "it too): the request is for `/v2.0/networks`.")
    assert [line for line in lines if "neutronapiapp_v2_0` is handed `GET /networks`." in line]
