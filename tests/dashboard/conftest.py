"""Fixtures owning real servers: a dashboard process, and the demo stack reporting to it (the
in-process dashboard app, `app`, is tests/conftest.py's)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dashboard.store import TraceStore
from tests.conftest import raw_request
from tests.dashboard.servers import STOPPING
from tests.dashboard.servers import TEACHER_TOKEN
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import ServerProcess
from tests.dashboard.servers import Stack
from tests.dashboard.servers import announced
from tests.dashboard.servers import served_once
from tests.dashboard.twice import twice_ini
from tests.stack.app_inis import filtered
from tests.stack.app_inis import ref


@pytest.fixture()
def store(tmp_path) -> Iterator[TraceStore]:
    """A store of its own, closed after the test: for tests of what it keeps and counts."""
    store = TraceStore(tmp_path / "store.sqlite3")
    yield store
    store.close()


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory) -> Iterator[Dashboard]:
    server = Dashboard(tmp_path_factory.mktemp("data"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def seed_stacks(dashboard: Dashboard) -> Iterator[list[Stack]]:
    """The two seed examples, served and announced to `dashboard`."""
    stacks = []
    try:
        for name, ini in (("common", "stack/demo/seed_glance.ini"),
                          ("web", "stack/demo/seed_nova.ini")):
            stacks.append(Stack(dashboard.url, name, ini))
            dashboard.wait_for("/api/stacks", lambda found, name=name: any(
                s["name"] == name for s in found), timeout=20)
        yield stacks
    finally:
        for server in stacks:
            server.stop()


@pytest.fixture()
def classroom(tmp_path) -> Iterator[Dashboard]:
    """A fresh dashboard no stack reports to: where saved requests are loaded."""
    server = Dashboard(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory) -> Iterator[Dashboard]:
    """A dashboard serving a class: changing anything needs the teacher's token."""
    server = Dashboard(tmp_path_factory.mktemp("data"), "--token", TEACHER_TOKEN)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def stack(dashboard: Dashboard) -> Iterator[Stack]:
    """The compute demo, once it has announced itself to `dashboard`."""
    with announced(dashboard) as server:
        yield server


@pytest.fixture(scope="module")
def twice(dashboard: Dashboard, tmp_path_factory) -> Iterator[Stack]:
    """The compute demo listing `faultwrap` twice in its keystone pipeline (tests/dashboard/
    twice.py), reporting to `dashboard` as the stack `twice`."""
    ini = twice_ini(tmp_path_factory.mktemp("ini"))
    with announced(dashboard, ini=ini, stack="twice") as server:
        yield server


@pytest.fixture(scope="module")
def unanswered(dashboard: Dashboard, tmp_path_factory) -> str:
    """The trace id of a real request to a stack that closed the connection unanswered."""
    ini = tmp_path_factory.mktemp("ini") / "stopping.ini"
    ini.write_text(f"[app:unanswered]\nuse = {STOPPING}\n")
    with announced(dashboard, "unanswered", str(ini)) as stack:
        assert raw_request(stack.url, "/gone") == ("", [], b"")
        [row] = dashboard.wait_for("/api/traces?stack=unanswered",
                                   lambda rows: rows and rows[0]["duration_ms"] is not None)
    assert row["status"] is None
    return row["trace"]


@pytest.fixture(scope="module")
def retried_raise(dashboard, tmp_path_factory) -> str:
    """The trace of a request whose app raised ConnectionError at its first call, which the
    filter above it caught and called it again, passing up the second call's 200."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       filtered("retrying", "make_retrying_filter", app="make_flaky_app"),
                       "200 OK")


@pytest.fixture(scope="module")
def refused(dashboard, tmp_path_factory) -> str:
    """The trace of a request whose filter returned bytes: the server's 500."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       f"[pipeline:main]\npipeline = joining app\n\n"
                       f"[filter:joining]\npaste.filter_factory = {ref('make_bytes_filter')}\n\n"
                       "[app:app]\nuse = call:tests.stack.paste_apps:make_app\n",
                       "500 Internal Server Error")


#: The compute demo's router behind a filter that reads a chunked body whole.
BUFFERING_INI = f"""\
[pipeline:buffered]
pipeline = buffering compute_app

[filter:buffering]
paste.filter_factory = {ref('make_buffering_filter')}

[app:compute_app]
paste.app_factory = stack.demo.compute:APIRouter.factory
"""


@pytest.fixture(scope="module")
def buffering(dashboard, tmp_path_factory) -> Iterator[Stack]:
    """The compute demo's router behind a filter that reads a chunked body whole (eventlet
    leaves it unread), so its controller reads the JSON: announced to `dashboard`."""
    ini = tmp_path_factory.mktemp("ini") / "buffering.ini"
    ini.write_text(BUFFERING_INI)
    with announced(dashboard, "buffered", str(ini)) as server:
        yield server


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, add the output of every server the test used to the report."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for value in getattr(item, "funcargs", {}).values():
            if isinstance(value, ServerProcess):
                report.sections.append((f"{value.name} output", value.output()))
