"""A developer's own filter `mine` in the compute demo's keystone pipeline, served with
--check-wsgi: what the request page says of a filter that keeps the status its app gave it,
and of one that rewrites PATH_INFO before the router reads it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DEMO
from tests.conftest import TOKEN
from tests.conftest import raw_request
from tests.dashboard.page_text import section
from tests.dashboard.servers import announced
from tests.dashboard.servers import stored
from tests.stack import start_response_apps
from tests.stack.app_inis import filtered
from tests.stack.app_inis import ref
from tests.stack.trace_checks import warned_in


def compute_with_mine(tmp_path: Path, factory: str) -> str:
    """The compute demo's ini with `[filter:mine]` (`factory` of the unusual apps) just above
    compute_app in the keystone pipeline: its path."""
    text = (DEMO / "compute.ini").read_text().replace(
        "authtoken compute_app", "authtoken mine compute_app")
    ini = tmp_path / "compute.ini"
    ini.write_text(f"{text}\n[filter:mine]\npaste.filter_factory = {ref(factory)}\n")
    return str(ini)


def served(dashboard, tmp_path, factory: str) -> tuple[str, dict, str]:
    """GET /v2.1/servers through the compute demo with `mine` made by `factory`: the status
    line and headers the client got, and the stored trace's request page."""
    return page_of(dashboard, "osapi_compute", compute_with_mine(tmp_path, factory),
                   "/v2.1/servers", tuple(TOKEN.items()))


def page_of(dashboard, name: str, ini: str, path: str = "/",
            headers: tuple = ()) -> tuple[str, dict, str]:
    """GET `path` with `headers` through the section `name` of `ini`, served --check-wsgi:
    the status the client got, its headers, and the stored trace's request page."""
    with announced(dashboard, name, ini, extra=("--check-wsgi",)) as stack:
        line, headers, _ = raw_request(stack.url, path, headers=headers)
    trace = dict(headers)["X-Pastescope-Trace"]
    stored(dashboard, trace)
    _, _, page = dashboard.get(f"/requests/{trace}")
    return line.split(" ", 1)[1], dict(headers), page


def test_a_filter_keeping_its_apps_status_is_said_not_to_pass_it_up(dashboard, tmp_path):
    status, headers, page = served(dashboard, tmp_path, "make_unforwarding_filter")
    assert status == "500 Internal Server Error"
    why = section(page, "Why it failed")
    assert ("The filter mine returned the body of the layer below it without calling the "
            "start_response it was given (its caller's), so no status reached the layer above "
            "it: the app compute_app had answered 200 to the start_response the filter mine "
            "handed it") in why, why
    assert "nothing below it had called start_response" not in why
    # faultwrap made the 500 the client got: its headers are its own, not the app's changed.
    shown = section(page, "Response headers")
    assert "filter:faultwrap added Content-Type: application/json" in shown, shown
    assert f"Content-Length {headers['Content-Length']}" in shown, shown


def test_a_filter_setting_path_info_is_named_where_the_route_is_shown(dashboard, tmp_path):
    status, _, page = served(dashboard, tmp_path, "make_path_setting_filter")
    assert status == "200 OK"
    route = section(page, "Route")
    assert "PATH_INFO was /servers until filter:mine set it to /flavors" in route, route


def test_headers_that_stopped_at_a_filter_are_not_said_to_reach_the_server(dashboard, tmp_path):
    ini = tmp_path / "plain.ini"
    ini.write_text(filtered("mine", "make_unforwarding_filter"))
    status, _, page = page_of(dashboard, "main", str(ini))
    assert status == "500 Internal Server Error"
    why = section(page, "Why it failed")
    assert ("The filter mine returned the body of the layer below it without calling the "
            "start_response it was given (its caller's), so no status reached the server"
            ) in why, why
    assert ("No layer called the server's start_response: the filter mine (plain.ini line 4, "
            "placed by [pipeline:main] at line 1) returned the body of the layer below it "
            "without calling the one it was given, though the app app had answered 200 to the "
            "one it handed it, so the server had no status") in why, why
    assert "No layer called start_response" not in why
    shown = section(page, "Response headers")
    assert "The stack answered with these headers" not in shown, shown
    assert "No layer's headers reached the server: it answered with its own (500" in shown, shown


def test_a_filter_returning_none_is_warned_of_with_its_line(dashboard, tmp_path):
    ini = tmp_path / "wsgified.ini"
    ini.write_text(f"[pipeline:main]\npipeline = wsgified mine app\n\n"
                   f"[filter:wsgified]\npaste.filter_factory = {ref('make_wsgify_filter')}\n\n"
                   f"[filter:mine]\npaste.filter_factory = {ref('make_none_filter')}\n\n"
                   f"[app:app]\npaste.app_factory = {ref('make_class_app')}\n")
    status, _, page = page_of(dashboard, "main", str(ini))
    assert status == "500 Internal Server Error"
    where = warned_in(start_response_apps.make_none_filter, "return None", "none").replace("`", "")
    assert ("filter:mine returned None, which is no response body; WSGI wants an iterable of "
            f"bytes{where}") in section(page, "WSGI rules broken")
