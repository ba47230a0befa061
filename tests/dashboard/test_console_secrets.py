"""The dashboard's console writes each refused request's line (werkzeug's log): a question to
`GET /api/which` carries the headers the request would send as `header=NAME: VALUE`, a
parameter no secret's name, and its `X-Auth-Token` was written there in clear, on a console a
class may watch. Its value is redacted as the stack redacts a request's headers, and the line as
a stack's access log is redacted (a `password=` was written in clear too)."""

from __future__ import annotations

from urllib.parse import urlencode

from tests.conftest import wait_for

#: The token a refused question sends.
SECRET = "s3cr3t-console-token"


def test_a_refused_questions_secret_header_is_not_written_on_the_console(dashboard):
    seen = len(dashboard.lines)
    question = urlencode([("stack", "no-such-stack"), ("method", "GET"), ("path", "/servers"),
                          ("header", f"X-Auth-Token: {SECRET}"), ("header", "Accept: text/plain"),
                          ("password", SECRET)])
    assert dashboard.get(f"/api/which?{question}")[0] == 404
    wait_for(lambda: any("/api/which?" in line for line in dashboard.lines[seen:]), 5,
             what="the refusal logged")
    logged = next(line for line in dashboard.lines[seen:] if "/api/which?" in line)
    assert SECRET not in logged, logged
    # As werkzeug writes a target, decoded; the header's name kept, and a header no secret.
    assert "&header=X-Auth-Token:+***&header=Accept:+text/plain&password=*** " in logged, logged
