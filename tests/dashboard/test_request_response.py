"""The request page's Response section for error bodies the stack read, and those it would not
show: what they were, and why they show no text."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest

from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import Stack
from tests.dashboard.servers import announced
from tests.dashboard.servers import send
from tests.stack.test_serve_response_body import PNG

#: One app a path, each answering an error: tests/stack/paste_apps.py `make_app`'s settings.
APPS = {
    "png": {"status": "415 Unsupported Media Type", "content_type": "image/png",
            "body_base64": PNG},
    "br": {"status": "404 Not Found", "encoding": "br", "text": "readable, but labelled br"},
    "gzip": {"status": "400 Bad Request", "encoding": "gzip", "content_type": "application/json",
             "text": json.dumps({"badRequest": {"message": "Bad flavor", "password": "hunter2"}})},
    "latin": {"status": "404 Not Found", "content_type": "text/plain; charset=iso-8859-1",
              "charset": "iso-8859-1", "text": "No café here."},
}


@pytest.fixture(scope="module")
def stack(dashboard: Dashboard, tmp_path_factory) -> Iterator[Stack]:
    """A stack of `APPS` under /png, /br…, announced to `dashboard`."""
    ini = tmp_path_factory.mktemp("ini") / "errors.ini"
    sections = ["[composite:main]\nuse = egg:Paste#urlmap\n"
                + "".join(f"/{name} = {name}\n" for name in APPS)]
    for name, settings in APPS.items():
        sections.append(f"[app:{name}]\nuse = call:tests.stack.paste_apps:make_app\n"
                        + "".join(f"{key} = {value}\n" for key, value in settings.items()))
    ini.write_text("\n".join(sections))
    with announced(dashboard, "main", str(ini)) as server:
        yield server


def response_section(dashboard: Dashboard, stack: Stack, method: str, path: str) -> str:
    """The text of the request page's Response section (tags dropped), once the request
    sent to `stack` is stored."""
    trace = send(dashboard, stack, method, path)
    status, _, page = dashboard.get(f"/requests/{trace['trace']}")
    assert status == 200
    section = page.split("<h3>Response</h3>", 1)[1].split("<h3>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", section)).split())


def test_an_image_is_said_to_be_no_text(dashboard, stack):
    assert response_section(dashboard, stack, "GET", "/png") == (
        "The 415 came with 70 bytes of image/png, not shown: not text.")


def test_a_body_in_an_encoding_the_stack_cannot_read_says_so(dashboard, stack):
    assert response_section(dashboard, stack, "GET", "/br") == (
        "The 404 came with 25 bytes of text/plain, not shown: the stack could not read them as"
        " text. They are compressed in a way it cannot undo (it reads gzip and deflate, not br"
        " or zstd), or they are not text.")


def test_a_gzipped_body_is_shown_inflated_and_redacted(dashboard, stack):
    section = response_section(dashboard, stack, "GET", "/gzip")
    assert section.startswith("What the client got with its 400 (application/json)")
    assert '"message": "Bad flavor", "password": "***"' in section
    assert "hunter2" not in section


def test_a_body_is_shown_in_its_declared_charset(dashboard, stack):
    section = response_section(dashboard, stack, "GET", "/latin")
    assert section.endswith("secrets redacted by the stack: No café here.")


def test_a_head_error_says_it_came_with_no_body(dashboard, stack):
    # A HEAD's body is never sent: request.end counts none, and shows none.
    assert response_section(dashboard, stack, "HEAD", "/br") == "The 404 came with no body."
