"""A class's setup: a stack listening on every address (`--host 0.0.0.0`, or IPv6's `--host ::`)
prints and announces the address a client on this machine reaches it at, the loopback one of
the wildcard's family: the dashboard sends (Send, lessons) to loopback stacks only.

The tests keep to loopback, so listening on the wildcard is stood in for by listening on the
loopback of its family; what is said of the wildcard is the stack's own."""

from __future__ import annotations

import eventlet
import pytest

from stack import server
from stack.host_url import bare
from tests.dashboard.servers import ServerProcess
from tests.dashboard.servers import at_loopback

#: `python -m stack`, listening on loopback where told a wildcard (`at_loopback`).
LAUNCH = """import sys
import eventlet
from tests.dashboard.servers import at_loopback
listen = eventlet.listen
eventlet.listen = lambda address, **options: listen(at_loopback(address), **options)
from stack.__main__ import main
sys.exit(main())
"""


@pytest.mark.parametrize(("host", "said"), [("0.0.0.0", "http://127.0.0.1:"),
                                            ("::", "http://[::1]:"), ("[::]", "http://[::1]:")])
def test_a_stack_on_every_address_is_announced_at_loopback(monkeypatch, host, said):
    """It announced `http://0.0.0.0:PORT` (`http://[::]:PORT`), which Send refused:
    `stack url http://0.0.0.0:PORT is not an http:// loopback address`."""
    asked, real_listen = [], eventlet.listen

    def listen(address, **options):
        asked.append(address[0])
        return real_listen(at_loopback(address), **options)

    monkeypatch.setattr(server.eventlet, "listen", listen)
    sock, _, sink, url = server.start("stack/demo/compute.ini", "osapi_compute", host, 0, "off")
    try:
        assert asked == [bare(host)]
        assert url == f"{said}{sock.getsockname()[1]}"
        assert sink is None
    finally:
        sock.close()


@pytest.mark.parametrize(("host", "said"), [("0.0.0.0", "http://127.0.0.1:"),
                                            ("::", "http://[::1]:")])
def test_a_stack_on_every_address_says_so_as_it_starts(host, said):
    """It said only `on http://127.0.0.1:PORT/`, as if it served this machine alone, where
    anyone on the network reaches it."""
    stack = ServerProcess("stack", ["-c", LAUNCH, "serve", "stack/demo/compute.ini", "--name",
                                    "osapi_compute", "--host", host, "--port", "0",
                                    "--trace-to", "off"])
    try:
        line = stack.wait_for_line("pastescope: serving ")
        url = line.split(" on ", 1)[1].split("/ ", 1)[0]
        assert url.startswith(said), line
        assert line == ("pastescope: serving [osapi_compute] of stack/demo/compute.ini on "
                        f"{url}/ (listening on every address; not tracing)")
    finally:
        stack.stop()
