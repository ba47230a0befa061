"""The http:// address of a server from the host it listens on (`--host` of `serve` and of the
dashboard): an IPv6 address in brackets, as a URL must have it, and, for a client on this
machine, a wildcard as the loopback address of its family.

A URL without the brackets (`http://:::5000`) names no port a client can read, and `::1`'s
stands for no IPv4 address: `::` read as 127.0.0.1 fails where the listener takes IPv6 alone.
"""

from __future__ import annotations

import ipaddress

#: Where a client on this machine reaches a server listening on any address, by the family
#: of that address (`""`, eventlet's and werkzeug's any, is IPv4's).
LOOPBACK = {4: "127.0.0.1", 6: "::1"}
#: The port a URL without one names, by its scheme (the dashboard's `check_identity` takes
#: these two): where an announced address is reached, and where its stack is looked for.
DEFAULT_PORTS = {"http": 80, "https": 443}


def bare(host: str) -> str:
    """`host` without the brackets a URL writes an IPv6 address in (`[::1]` → `::1`)."""
    return host.strip("[]")


def address(host: str, port: int) -> str:
    """`HOST:PORT`, an IPv6 address in brackets (`::1` → `[::1]:PORT`)."""
    host = bare(host)
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def url(host: str, port: int) -> str:
    """`http://HOST:PORT`, an IPv6 address in brackets (`::1` → `http://[::1]:PORT`)."""
    return f"http://{address(host, port)}"


def reachable_url(host: str, port: int) -> str:
    """The address a client on this machine reaches a server listening on `host` at: a
    wildcard (`0.0.0.0`, `::`, `""`) as the loopback of its family (`url`)."""
    if not is_wildcard(host):
        return url(host, port)
    return url(LOOPBACK[6 if ":" in host else 4], port)


def is_wildcard(host: str) -> bool:
    """Whether listening on `host` listens on every address of its family (`0.0.0.0`, `::`,
    `""`)."""
    if not host:
        return True
    try:
        return ipaddress.ip_address(bare(host)).is_unspecified
    except ValueError:  # a name
        return False


def every_address(host: str) -> str:
    """What a server's start-up line adds before its other notes when it listens on `host`:
    its URL (`reachable_url`) is a loopback one, and would hide that other machines reach it
    too (a class, or anyone on the network)."""
    return "listening on every address; " if is_wildcard(host) else ""
