""""What would this URL hit?" takes a whole URL, as `python -m stack which` does: an operator
pastes `http://HOST/PATH`, and its host counts unless the Host field names one."""

from __future__ import annotations

from tests.conftest import NOVA
from tests.dashboard import which_queries
from tests.dashboard.uploading import uploaded


def ask(dashboard, ini_id: str, path: str, host: str = ""):
    """GET `path` (a whole URL or not) with the Host field `host`, in the uploaded ini `ini_id`."""
    return which_queries.ask(dashboard, ("ini", ini_id), ("method", "GET"), ("path", path),
                             ("host", host))


def test_a_whole_url_is_answered_as_its_path_with_its_host(dashboard):
    ini_id = uploaded(dashboard, NOVA.name, NOVA.read_bytes())
    status, _, by_path = ask(dashboard, ini_id, "/v2.1/servers")
    assert status == 200
    status, _, by_url = ask(dashboard, ini_id, "http://nova.example:8774/v2.1/servers?all=1")
    assert status == 200
    assert by_url["hops"] == by_path["hops"]
    assert by_url["host"] == "nova.example:8774"
    assert ask(dashboard, ini_id, "https://nova.example/v2.1", "other.example")[2]["host"] \
        == "other.example"


def test_a_url_whose_host_is_no_host_is_refused_naming_it(dashboard):
    ini_id = uploaded(dashboard, NOVA.name, NOVA.read_bytes())
    status, _, answer = ask(dashboard, ini_id, "http://<b>x/v2.1")
    assert status == 400
    assert "the URL's host '<b>x' is not a host name" in answer["error"]
