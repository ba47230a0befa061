"""Files posted to the dashboard as a browser's form sends them (multipart/form-data): an ini to
`/api/inis` (and the diagram its page draws), a lesson to `/api/lessons`."""

from __future__ import annotations

import uuid

from tests.dashboard.diagram_checks import parse
from tests.dashboard.servers import Dashboard

#: A teacher's lesson file that reads, for a stack named in place of `{stack}`.
GOOD = """\
title = "A teacher's lesson"
summary = "Two requests."
stack = "{stack}"
start = "python -m stack serve stack/demo/seed_glance.ini --name {stack}"

[[step]]
method = "GET"
path = "/"
notice = "The root."

[[step]]
method = "get"
path = "/v1/test"
expect = 200
notice = "The router."
"""


def multipart(name: str, content: bytes, field: str = "file") -> tuple[bytes, dict[str, str]]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
            f"filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def upload(dashboard, name: str, content: bytes, field: str = "file"):
    body, headers = multipart(name, content, field)
    return dashboard.post("/api/inis", raw=body, headers=headers)


def uploaded(dashboard: Dashboard, name: str, content: str | bytes) -> str:
    """Upload `content` (text, or a file's bytes as read) as the ini `name`: its id, once the
    dashboard has taken it."""
    status, _, doc = upload(dashboard, name,
                            content.encode() if isinstance(content, str) else content)
    assert status == 200, doc
    return doc["id"]


def drawn(dashboard, name: str, content: bytes, entry: str | None = None):
    """The diagram the upload page draws of `content` uploaded as `name` (of `entry`, or of
    the entry the page picks), read back as SVG."""
    ini_id = uploaded(dashboard, name, content)
    page = dashboard.get(f"/inis/{ini_id}" + (f"?entry={entry}" if entry else ""))[2]
    return parse(page.split('<div id="diagram" class="diagram-frame">')[1].split("</div>")[0])


def load(dashboard: Dashboard, name: str, text: str):
    body, headers = multipart(name, text.encode())
    return dashboard.post("/api/lessons", raw=body, headers=headers)
