"""The address of a server from the `--host` it listens on (`stack.host_url`): what the stack
announces and prints, and what the dashboard's start commands give as `--trace-to`."""

from __future__ import annotations

import pytest

from stack.host_url import reachable_url
from stack.host_url import url


@pytest.mark.parametrize(("host", "expected"), [
    ("0.0.0.0", "http://127.0.0.1:5000"),
    ("", "http://127.0.0.1:5000"),
    ("::", "http://[::1]:5000"),
    ("0:0:0:0:0:0:0:0", "http://[::1]:5000"),
    ("::1", "http://[::1]:5000"),
    ("[::1]", "http://[::1]:5000"),
    ("fd00::5", "http://[fd00::5]:5000"),
    ("127.0.0.1", "http://127.0.0.1:5000"),
    ("teacher.example.org", "http://teacher.example.org:5000"),
])
def test_a_wildcard_is_reached_at_the_loopback_of_its_family_and_ipv6_in_brackets(
        host, expected):
    assert reachable_url(host, 5000) == expected


def test_the_listening_address_keeps_its_host_in_brackets_where_ipv6():
    assert url("::", 8090) == "http://[::]:8090"
    assert url("[::1]", 8090) == "http://[::1]:8090"
    assert url("0.0.0.0", 8090) == "http://0.0.0.0:8090"
