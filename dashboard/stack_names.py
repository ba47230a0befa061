"""One running stack a name: a second stack announcing a name another one still serves under
is refused, as its requests would be listed, counted and drawn as the first one's.

The dashboard knows a stack by its name alone (every event carries it, and nothing else of the
stack), so two stacks reporting as `main` at once — an operator's second ini with the same
entry, or an edited ini started before the old one was stopped — would be one stack whose graph
and address flip at each announcement. A stack stopped and started again (on the same port or
another) is the same stack anew: its name is free as soon as the old address no longer answers.
"""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import urlsplit

from stack.host_url import DEFAULT_PORTS

#: How long the dashboard waits for the older stack's address to answer (seconds).
CONNECT_TIMEOUT = 0.5


def taken_by(known: dict[str, Any] | None, info: dict[str, Any]) -> str | None:
    """Why the announcement `info` is refused, or None when its name is its own.

    `known` is the dashboard's row of the stack of that name. Another address that is still
    serving takes the name; the same address is the same stack (announcing again, or started
    again on its port: two processes cannot listen on one port), and one loaded from a file
    or not heard from any more holds no name.
    """
    if known is None or known["url"] == info["url"] or not known["online"]:
        return None
    if not still_serving(known["url"]):
        return None
    file = f" ({known['file']})" if known.get("file") else ""
    pid = f", pid {known['pid']}" if known.get("pid") is not None else ""
    return (f"a stack named {info['name']!r} is already reporting from {known['url']}{file}"
            f"{pid}: its requests and this one's would be mixed up; stop that one, or serve "
            f"this one under another name (serve --stack NAME)")


def still_serving(url: str) -> bool:
    """Whether something accepts connections at the address of `url`: on its scheme's port
    when it names none (an https stack's 443, not 80, where it would be called gone)."""
    parts = urlsplit(url)
    try:
        port = parts.port if parts.port is not None else DEFAULT_PORTS[parts.scheme]
        with socket.create_connection((parts.hostname, port), CONNECT_TIMEOUT):
            return True
    except (OSError, ValueError):
        return False
