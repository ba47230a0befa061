"""A body that fails as it is sent, after every layer returned: the request page and the step
view say so, and say what the client got."""

from __future__ import annotations

import html
import re

from tests.conftest import raw_get
from tests.dashboard.servers import announced


def test_the_pages_say_the_body_broke_after_the_layers(dashboard, tmp_path):
    ini = tmp_path / "failing.ini"
    ini.write_text("[app:main]\nuse = call:tests.stack.paste_apps:make_failing\nsize = 10\n")
    with announced(dashboard, "main", str(ini)) as stack:
        line, headers, _ = raw_get(stack.url, "/")
        trace = dict(headers)["X-Pastescope-Trace"]
        summary = dashboard.wait_for(f"/api/traces/{trace}",
                                     lambda found: found["status"] is not None, timeout=10)
    assert (line, summary["status"]) == ("HTTP/1.1 200 OK", 200)
    _, _, page = dashboard.get(f"/requests/{trace}")
    errors = html.unescape(re.sub(r"<[^>]*>", "", page.split("<h3>Errors</h3>")[1]))
    assert ("RuntimeError: the body broke part way — raised by the response body as it was "
            "sent, after every layer had returned, caught by server") in " ".join(errors.split())
    _, _, steps = dashboard.get(f"/api/traces/{trace}/steps")
    assert steps["failure"][-1].endswith(
        "the client had got the status and 10 bytes of the body, and then the server cut the "
        "connection.")
