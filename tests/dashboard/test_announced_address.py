"""Where the dashboard sends to a stack (Send, Repeat, lessons): its announced address, and
only if that is this machine's loopback.

A stack on a wildcard announces its loopback address (`http://127.0.0.1:PORT`), which is the
teacher's own machine only when the stack runs there. The announcements from another machine
are stood in for by the test client's `REMOTE_ADDR` (addresses of IPv4's and IPv6's
documentation ranges): no socket leaves loopback.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.dashboard.samples import announcement
from tests.dashboard.servers import free_port


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def announced_from(client: FlaskClient, peer: str, url: str, **environ: object) -> str:
    """The address the dashboard lists for a stack that announced `url` from `peer` (with
    `environ` the WSGI environ's other keys)."""
    answer = client.post("/api/stacks", json=announcement("far", url=url),
                         environ_base={"REMOTE_ADDR": peer, **environ})
    assert answer.status_code == 200, answer.json
    return next(s["url"] for s in client.get("/api/stacks").json if s["name"] == "far")


def sent(client: FlaskClient) -> tuple[int, str]:
    answer = client.post("/api/send", json={"stack": "far", "method": "GET", "path": "/"})
    return answer.status_code, answer.json["error"]


@pytest.mark.parametrize(("peer", "listed"), [("192.0.2.7", "http://192.0.2.7:{port}"),
                                              ("2001:db8::7", "http://[2001:db8::7]:{port}")])
def test_a_stack_on_another_machine_is_listed_at_its_address_and_not_sent_to(
        client, peer, listed):
    """A student's stack on a wildcard, announcing `http://127.0.0.1:PORT` with the teacher's
    token, was listed there: the teacher's Send and Repeat reached whatever listened on that
    port of the teacher's machine (and its name, `dashboard.stack_names`, looked still taken)."""
    port = free_port()
    url = listed.format(port=port)
    assert announced_from(client, peer, f"http://127.0.0.1:{port}") == url
    assert sent(client) == (403, f"stack url {url} is not an http:// loopback address")


@pytest.mark.parametrize("peer", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_a_stack_on_this_machine_keeps_its_loopback_address(client, peer):
    """`::ffff:127.0.0.1`: a stack reporting to `127.0.0.1` of a dashboard listening on `::`."""
    url = f"http://127.0.0.1:{free_port()}"
    assert announced_from(client, peer, url) == url
    status, error = sent(client)
    assert (status, error.startswith(f"could not reach stack far at {url}")) == (502, True)


@pytest.mark.parametrize("peer", ["192.0.2.7", "127.0.0.1"])
@pytest.mark.parametrize(("url", "error"), [
    ("http://127.0.0.1:port", "field 'url' must name a port 0-65535, got 'http://127.0.0.1:port'"),
    ("http://127.0.0.1:65536",
     "field 'url' must name a port 0-65535, got 'http://127.0.0.1:65536'"),
    ("http://[::1:80/",
     "field 'url' cannot be read as a URL (Invalid IPv6 URL), got 'http://[::1:80/'")])
def test_a_url_the_dashboard_cannot_read_is_refused_saying_so(client, peer, url, error):
    """From a loopback peer a bad port was listed as announced (a port no stack listens on);
    an unclosed `[` was a 500, from any peer."""
    answer = client.post("/api/stacks", json=announcement("far", url=url),
                         environ_base={"REMOTE_ADDR": peer})
    assert (answer.status_code, answer.json) == (400, {"error": error})


def test_localhost_localdomain_is_not_sent_to(client):
    """Send took `localhost.localdomain` as loopback: not every hosts file has that name, and
    looked up in DNS it may lead anywhere."""
    url = f"http://localhost.localdomain:{free_port()}"
    assert announced_from(client, "127.0.0.1", url) == url
    assert sent(client) == (403, f"stack url {url} is not an http:// loopback address")


class Connection:
    """The socket werkzeug's server hands a request (`werkzeug.socket`), as far as `reached`
    reads it: the address of this machine the announcement reached the dashboard at. A
    network address of this machine is none a test may use: stood in for here."""

    def __init__(self, address: str) -> None:
        self.address = address

    def getsockname(self) -> tuple[str, int]:
        return self.address, 5000


def test_a_stack_of_this_machine_told_the_dashboards_network_address_keeps_its_own(client):
    """A dashboard listening on a network address (`--host 192.0.2.7`) gives its teacher the
    start command `--trace-to http://192.0.2.7:PORT`; the stack, listening on loopback,
    reaches the dashboard from that same address: it was listed at that address, where nothing
    listened, and Send refused it."""
    url = f"http://127.0.0.1:{free_port()}"
    assert announced_from(client, "192.0.2.7", url,
                          **{"werkzeug.socket": Connection("192.0.2.7")}) == url


@pytest.mark.parametrize(("url", "listed"), [("https://127.0.0.1/", "https://192.0.2.7:443/"),
                                             ("http://127.0.0.1:0", "http://192.0.2.7:0")])
def test_a_port_left_out_or_zero_is_kept_as_meant(client, url, listed):
    """The port of an `https://` URL that names none was taken to be 80, and a port 0 too."""
    assert announced_from(client, "192.0.2.7", url) == listed


@pytest.mark.parametrize("app", [{"TEACHER_TOKEN": "teacher"}], indirect=True,
                         ids=["token"])
def test_a_refused_announcement_of_a_url_the_dashboard_cannot_read_is_refused_for_its_token(
        client):
    """Said on the console as from its sender (`dashboard.ingest.say_token_refused`), an
    announcement refused for its token and naming an unclosed `[` was a 500."""
    answer = client.post("/api/stacks", json=announcement("far", url="http://[::1:80/"))
    assert answer.status_code == 401, answer.json
