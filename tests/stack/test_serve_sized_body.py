"""A body with a length that is no list, served traced: the client gets byte for byte what the
untraced stack gives it (eventlet gives such a body a Content-Length, reading it once for it
and again to send it), and the trace counts the bytes sent once."""

from __future__ import annotations

import pytest

from tests.conftest import StackServer
from tests.conftest import file_traced
from tests.conftest import raw_request
from tests.conftest import wait_for
from tests.stack import body_end_apps
from tests.stack.app_inis import ref
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import leave_status
from tests.stack.trace_checks import raised_source

#: Headers that differ from one response to the next whatever the stack does.
CHANGING = ("Date", "X-Pastescope-Trace")


def ini_text(records) -> str:
    """`/sized`, an app answering a body with a length; `/failing`, one whose body raises as it
    is read; `/lazy`, one that starts its response as its body is read, under a filter that
    asks the body its length; `/each` and `/once`, under a filter that passes the body on,
    one whose body raises after its first part (`body_end_apps.SizedBody`'s `part_way`)."""
    part_way = "".join(
        f"[pipeline:{shape}]\npipeline = inspecting {shape}_app\n\n"
        f"[app:{shape}_app]\npaste.app_factory = {ref('make_sized_app')}\nrecords = {records}\n"
        f"fail = the body broke part way\npart_way = {shape}\n\n" for shape in ("each", "once"))
    return (
        "[composite:main]\nuse = egg:Paste#urlmap\n/sized = sized\n/failing = failing\n"
        "/lazy = lazy\n/each = each\n/once = once\n\n"
        f"[filter:inspecting]\npaste.filter_factory = {ref('make_inspecting_filter')}\n\n"
        f"{part_way}"
        f"[app:sized]\npaste.app_factory = {ref('make_sized_app')}\nrecords = {records}\n\n"
        f"[app:failing]\npaste.app_factory = {ref('make_sized_app')}\nrecords = {records}\n"
        "fail = the body broke\n\n"
        "[pipeline:lazy]\npipeline = sizing lazy_app\n\n"
        f"[filter:sizing]\npaste.filter_factory = {ref('make_sizing_filter')}\n\n"
        f"[app:lazy_app]\npaste.app_factory = {ref('make_sized_app')}\nrecords = {records}\n"
        "lazy = yes\n")


@pytest.fixture(scope="module")
def stacks(tmp_path_factory):
    """The ini served traced, traced with --check-wsgi, and untraced, by those names, and
    `records`, the folder where the apps note what was done with their bodies."""
    folder = tmp_path_factory.mktemp("sized_body")
    records = folder / "records"
    records.mkdir()
    ini = folder / "api-paste.ini"
    ini.write_text(ini_text(records))
    for name in ("traced", "checked", "untraced"):
        (folder / name).mkdir()
    with (file_traced(ini, "main", folder / "traced") as traced,
          file_traced(ini, "main", folder / "checked", ["--check-wsgi"]) as checked):
        untraced = StackServer(ini, "main", "off", folder / "untraced" / "stack.log")
        try:
            yield {"traced": traced, "checked": checked, "untraced": untraced,
                   "records": records}
        finally:
            untraced.stop()


def answer(stack, path: str, http11: bool) -> tuple[tuple, str | None]:
    """What the client got for GET `path` (status line, headers but `CHANGING`, body), and
    the trace it names, if any."""
    line, headers, body = raw_request(stack.url, path, http11=http11)
    kept = [(name, value) for name, value in headers if name not in CHANGING]
    return (line, kept, body), dict(headers).get("X-Pastescope-Trace")


def traced_answer(stack, path: str, http11: bool) -> tuple[tuple, list[dict]]:
    """`answer`, and the request's trace, checked."""
    got, trace = answer(stack, path, http11)
    events = stack.trace(trace)
    check_well_formed(events)
    return got, events


def noted(records, name: str) -> list[str]:
    """What the app noted of its body for the request whose query string was `name`, once
    closed: the server closes the body after it sent the response, and the trace ends then."""
    record = records / name

    def closed() -> list[str] | None:
        notes = record.read_text().split() if record.exists() else []
        return notes if "closed" in notes else None

    return wait_for(closed, 10, what=f"{name} closed")


def warnings_of(events: list[dict]) -> list[dict]:
    return [e["data"] for e in events if e["kind"] == "wsgi.warning"]


@pytest.mark.parametrize("http11", [False, True], ids=["http1.0", "http1.1"])
@pytest.mark.parametrize("which", ["traced", "checked"])
def test_a_sized_body_is_sent_with_its_content_length_as_untraced(stacks, which, http11):
    traced, records = stacks[which], stacks["records"]
    name = f"{which}-{http11}"
    got, events = traced_answer(traced, f"/sized?{name}", http11)
    expected = answer(stacks["untraced"], f"/sized?plain-{name}", http11)[0]
    assert got == expected
    assert ("Content-Length", "13") in got[1] and got[2] == b"hello, world\n"
    end = events[-1]["data"]
    assert (end["status"], end["bytes"]) == (200, 13)  # read twice, sent and counted once
    assert warnings_of(events) == []
    # The server read the body for its length, then to send it, and closed it once: as untraced.
    assert noted(records, name) == noted(records, f"plain-{name}") == [
        "iterated", "iterated", "closed"]


@pytest.mark.parametrize("which", ["traced", "checked"])
def test_a_sized_body_that_fails_is_read_once_and_its_error_said_once(stacks, which):
    """Its first read, for its length, raises: the server answers 500 and reads no more."""
    traced, records = stacks[which], stacks["records"]
    got, events = traced_answer(traced, f"/failing?failing-{which}", True)
    assert got == answer(stacks["untraced"], f"/failing?plain-failing-{which}", True)[0]
    assert got[0] == "HTTP/1.1 500 Internal Server Error"
    assert events[-1]["data"]["status"] == 500
    errors = [e["data"] for e in events if e["kind"] == "error"]
    assert [(e["type"], e["message"], e["caught_by"]) for e in errors] == [
        ("ValueError", "the body broke", "server")]
    assert noted(records, f"failing-{which}") == noted(records, f"plain-failing-{which}") == [
        "iterated", "closed"]


@pytest.mark.parametrize("which", ["traced", "checked"])
def test_a_layer_above_gets_the_length_of_a_body_whose_status_comes_later(stacks, which):
    """The app starts its response only as its body is read, so its probe waits for the body
    to know its status: the filter above still gets the body's length, as untraced."""
    traced, records = stacks[which], stacks["records"]
    got, events = traced_answer(traced, f"/lazy?lazy-{which}", True)
    assert got == answer(stacks["untraced"], f"/lazy?plain-lazy-{which}", True)[0]
    assert ("X-Parts", "2") in got[1]
    assert events[-1]["data"]["bytes"] == 13
    assert warnings_of(events) == []
    assert noted(records, f"lazy-{which}") == ["iterated", "closed"]


@pytest.mark.parametrize("http11", [False, True], ids=["http1.0", "http1.1"])
@pytest.mark.parametrize("which", ["traced", "checked"])
@pytest.mark.parametrize("shape", ["each", "once"])
def test_a_sized_body_that_fails_part_way_through_its_read_for_the_length_sent_nothing(
        stacks, shape, which, http11):
    """Its first read, for its length, raises after a part: the server had sent none of it,
    and answers 500 as untraced; the trace counts no byte and says the server answered."""
    traced, records = stacks[which], stacks["records"]
    name = f"{shape}-{which}-{http11}"
    got, trace = answer(traced, f"/{shape}?{name}", http11)
    assert got == answer(stacks["untraced"], f"/{shape}?plain-{name}", http11)[0]
    assert (got[0], got[2]) == ("HTTP/1.1 500 Internal Server Error", b"")
    assert trace is not None  # the 500 names its trace, as every traced response does
    events = traced.trace(trace)
    check_well_formed(events)
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert raised_source(error, body_end_apps) == ("failing", "raise ValueError(self.fail)")
    assert (error["type"], error["message"], error["caught_by"]) == (
        "ValueError", "the body broke part way", "server")
    end = events[-1]["data"]
    assert (end["status"], end["bytes"]) == (500, 0)
    # Every layer returned the body as a 200; the server's read of it failed.
    assert leave_status(events) == {node: (200, False) for node in (
        f"app:{shape}_app", "filter:inspecting", f"pipeline:{shape}", "composite:main")}
    assert failure_story(events)[-1].endswith(
        "nothing had been sent yet, so the server answered 500 itself.")
    assert warnings_of(events) == []
    assert noted(records, name) == noted(records, f"plain-{name}") == ["iterated", "closed"]
