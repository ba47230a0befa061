"""What a middleware developer reads on one request's page of a filter that did something
unusual with the layer below it: called it twice (a retry), or passed the server a body it
refused; and the environ values recorded by type only."""

from __future__ import annotations

import pytest

from tests.dashboard.page_text import page_section
from tests.dashboard.servers import served_once
from tests.dashboard.servers import steps_of
from tests.stack.unusual_apps import APPS


def forbidding(error: str) -> str:
    """An ini whose plain filter raises WebOb's HTTP exception `error` before its app."""
    return (f"[pipeline:main]\npipeline = forbid app\n\n"
            f"[filter:forbid]\npaste.filter_factory = {APPS}:make_forbidding_filter\n"
            f"error = {error}\n\n"
            "[app:app]\nuse = call:tests.stack.paste_apps:make_app\n")


@pytest.fixture(scope="module")
def retried(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter sent to its app twice, passing up the second 200."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       f"[pipeline:main]\npipeline = retry app\n\n"
                       f"[filter:retry]\npaste.filter_factory = {APPS}:make_retry_on_503_filter\n\n"
                       f"[app:app]\npaste.app_factory = {APPS}:make_busy_once_app\n", "200 OK")


@pytest.fixture(scope="module")
def retried_alike(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter sent below twice, and which failed the same way twice:
    the app raised each time, the filter under the retry answering 503 for it."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       f"[pipeline:main]\npipeline = retry catching app\n\n"
                       f"[filter:retry]\npaste.filter_factory = {APPS}:make_retry_on_503_filter\n\n"
                       f"[filter:catching]\npaste.filter_factory = {APPS}:make_catching_filter\n\n"
                       f"[app:app]\npaste.app_factory = {APPS}:make_unprintable_app\n",
                       "503 Service Unavailable")


@pytest.fixture(scope="module")
def rewritten(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter moved under `/base` before its app answered 404."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       f"[pipeline:main]\npipeline = rewrite app\n\n"
                       f"[filter:rewrite]\npaste.filter_factory = {APPS}:make_rewriting_filter\n\n"
                       "[app:app]\nuse = call:tests.stack.paste_apps:make_app\n"
                       "status = 404 Not Found\n", "404 Not Found")


@pytest.fixture(scope="module")
def rewritten_beyond_ascii(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter moved under `/movÃ©`, `/mové` as a client sends it and
    the server hands it over (its UTF-8 bytes read as Latin-1), before its app answered 404."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       f"[pipeline:main]\npipeline = rewrite app\n\n"
                       f"[filter:rewrite]\npaste.filter_factory = {APPS}:make_rewriting_filter\n"
                       f"to = {'/mové'.encode().decode('latin-1')}\n\n"
                       "[app:app]\nuse = call:tests.stack.paste_apps:make_app\n"
                       "status = 404 Not Found\n", "404 Not Found")


@pytest.fixture(scope="module")
def forbidden(dashboard, tmp_path_factory) -> str:
    """The trace of a request a plain filter raised WebOb's HTTPForbidden for."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"), forbidding("HTTPForbidden"),
                       "500 Internal Server Error")


@pytest.fixture(scope="module")
def server_error(dashboard, tmp_path_factory) -> str:
    """The trace of a request a plain filter raised WebOb's HTTPInternalServerError for."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       forbidding("HTTPInternalServerError"), "500 Internal Server Error")


@pytest.fixture(scope="module")
def refused(dashboard, tmp_path_factory) -> str:
    """The trace of a request whose filter returned bytes: the server's 500."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       f"[pipeline:main]\npipeline = joining app\n\n"
                       f"[filter:joining]\npaste.filter_factory = {APPS}:make_bytes_filter\n\n"
                       "[app:app]\nuse = call:tests.stack.paste_apps:make_app\n",
                       "500 Internal Server Error")


def test_the_timeline_says_a_filter_called_its_app_twice_and_dropped_the_first(dashboard,
                                                                                  retried):
    timeline = page_section(dashboard, retried, "Timeline")
    assert ("filter:retry called the layer below it, the app app, twice; the first answer "
            "(503) was not passed up 200 ") in timeline, timeline
    assert "app:app 503 " in timeline and "app:app 200 " in timeline


def test_the_step_of_the_filter_that_called_twice_says_so(dashboard, retried):
    said = [step["text"] for step in steps_of(dashboard, retried)["steps"]
            if step["kind"] == "node.leave" and step["node"] == "filter:retry"]
    assert len(said) == 1 and said[0].startswith("The filter `retry` returned 200 after ")
    assert said[0].endswith(" ms; it called the layer below it, the app `app`, twice; the first "
                            "answer (503) was not passed up.")


def test_the_story_says_a_second_call_that_went_as_the_first_once(dashboard, retried_alike):
    story = page_section(dashboard, retried_alike, "Why it failed")
    raised = "Unprintable ('(its str() raised RuntimeError)') was raised by the app app"
    again = ("The filter retry called the filter catching a second time, and it went as the "
             "first call did.")
    assert story.count(raised) == 1 and story.count(again) == 1, story
    assert story.index(raised) < story.index(again) < story.index(
        "The filter retry called the layer below it, the filter catching, twice, which "
        "answered 503, 503.")


def test_the_story_says_which_filter_changed_the_path_the_app_answered_404_on(dashboard,
                                                                             rewritten):
    story = page_section(dashboard, rewritten, "Why it failed")
    assert story.startswith(
        "GET / ended with 404.The filter rewrite changed SCRIPT_NAME from empty to /base and "
        "PATH_INFO from / to /moved/ as it called the app app."), story


def test_the_story_says_which_filter_changed_the_path_as_the_environ_holds_it(
        dashboard, rewritten_beyond_ascii):
    story = page_section(dashboard, rewritten_beyond_ascii, "Why it failed")
    assert ("The filter rewrite changed SCRIPT_NAME from empty to /base and PATH_INFO from / to "
            "/mové/ (the environ holds '/movÃ©/'; WSGI reads a path's bytes as Latin-1) as it "
            "called the app app.") in story, story


def test_the_story_says_why_a_raised_403_became_the_servers_500(dashboard, forbidden):
    story = page_section(dashboard, forbidden, "Why it failed")
    # "if": the trace records the class's name, not its module
    assert ("no layer caught it; nothing had been sent yet, so the server answered 500 itself. "
            "If this HTTPForbidden is WebOb's, it is a 403 as an exception, which only a layer "
            "that catches it answers as its response, as one written with webob.dec.wsgify "
            "does; none on its way up did, so the client got the server's 500, not 403."
            ) in story, story


def test_the_story_of_a_raised_500_says_nothing_of_another_status(dashboard, server_error):
    story = page_section(dashboard, server_error, "Why it failed")
    assert ("no layer caught it; nothing had been sent yet, so the server answered 500 itself."
            "The filter forbid raised") in story, story


def test_values_recorded_by_type_only_are_said_so_once(dashboard, retried):
    events = page_section(dashboard, retried, "Events")
    assert '"busy.calls": "<list>"' in events
    legend = ("<list>: environ values other than text and numbers are recorded by type only "
              "(their text may hold secrets, or run long), so what they held is not known.")
    assert events.endswith(legend) and events.count("recorded by type only") == 1


def test_a_request_with_no_value_recorded_by_type_has_no_legend(dashboard, refused):
    assert "recorded by type only" not in page_section(dashboard, refused, "Events")


def test_the_layer_that_passed_the_server_a_refused_body_is_marked(dashboard, refused):
    timeline = page_section(dashboard, refused, "Timeline")
    assert ("pipeline:main the body it passed up, a bytes, is what the server refused 200 "
            in timeline), timeline
    assert timeline.count("the server refused") == 1
    # Live's replay and the step view mark its box from the same word.
    _, _, shown = dashboard.get(f"/api/traces/{refused}/shown")
    assert [(e["node"], e.get("refused")) for e in shown["events"] if e["kind"] == "node.leave"
            ] == [("app:app", None), ("filter:joining", None), ("pipeline:main", "a `bytes`")]
    steps = steps_of(dashboard, refused)["steps"]
    assert [s["refused"] for s in steps if s["kind"] == "node.leave"] == [None, None, "a `bytes`"]
