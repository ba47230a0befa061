"""A class's setup: a stack listening on every address (`--host 0.0.0.0`, or IPv6's `--host ::`)
prints and announces the address a client on this machine reaches it at, the loopback one of
the wildcard's family: the dashboard sends (Send, lessons) to loopback stacks only.

The tests keep to loopback, so listening on the wildcard is stood in for by listening on the
loopback of its family; what is said of the wildcard is the stack's own."""

from __future__ import annotations

import ipaddress

import eventlet
import pytest

from stack import server
from stack.host_url import LOOPBACK
from stack.host_url import bare


@pytest.mark.parametrize(("host", "said"), [("0.0.0.0", "http://127.0.0.1:"),
                                            ("::", "http://[::1]:"), ("[::]", "http://[::1]:")])
def test_a_stack_on_every_address_is_announced_at_loopback(monkeypatch, host, said):
    """It announced `http://0.0.0.0:PORT` (`http://[::]:PORT`), which Send refused:
    `stack url http://0.0.0.0:PORT is not an http:// loopback address`."""
    asked, real_listen = [], eventlet.listen

    def listen(address, **options):
        asked.append(address[0])
        loopback = LOOPBACK[ipaddress.ip_address(address[0]).version]
        return real_listen((loopback, address[1]), **options)

    monkeypatch.setattr(server.eventlet, "listen", listen)
    sock, _, sink, url = server.start("stack/demo/compute.ini", "osapi_compute", host, 0, "off")
    try:
        assert asked == [bare(host)]
        assert url == f"{said}{sock.getsockname()[1]}"
        assert sink is None
    finally:
        sock.close()
