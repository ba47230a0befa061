"""A dashboard serving a class listens on every address (`--host 0.0.0.0`, or IPv6's `::`):
it prints the address a browser on this machine opens, and says that it listens on every one.

As in `tests.stack.test_serve_wildcard`, the test keep to loopback: listening on the wildcard
is stood in for by listening on the loopback of its family."""

from __future__ import annotations

import pytest

from tests.dashboard.servers import Dashboard

#: `python -m dashboard`, listening on loopback where told a wildcard (`at_loopback`).
LAUNCH = ("-c", """import sys
import dashboard.__main__ as cli
from tests.dashboard.servers import at_loopback
opened = cli.listening_socket
cli.listening_socket = lambda host, port: opened(*at_loopback((host, port)))
sys.exit(cli.main())
""")


@pytest.mark.parametrize(("host", "said"), [("0.0.0.0", "http://127.0.0.1:"),
                                            ("::", "http://[::1]:")])
def test_a_dashboard_on_every_address_says_so_as_it_starts(tmp_path, host, said):
    """It said only `Pastescope dashboard on http://127.0.0.1:PORT`, as if it served this
    machine alone, where the class (and anyone on the network) reaches it."""
    dashboard = Dashboard(tmp_path, "--host", host, launch=LAUNCH)
    try:
        assert dashboard.url.startswith(said), dashboard.output()
        assert dashboard.wait_for_line("Pastescope dashboard on ") == (
            f"Pastescope dashboard on {dashboard.url} (listening on every address; data in "
            f"{tmp_path})")
        assert dashboard.get("/api/stacks")[0] == 200
    finally:
        dashboard.stop()
