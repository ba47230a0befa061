"""What a middleware developer reads on one request's page of a filter that did something
unusual with the layer below it: called it twice (a retry), each route and error said of its
call, the environ its first call changed for the second, an error it caught told as no
failure; or passed the server a body it refused; and the environ values recorded by type
only."""

from __future__ import annotations

import pytest

from tests.dashboard.page_text import page_section
from tests.dashboard.page_text import part
from tests.dashboard.page_text import section
from tests.dashboard.page_text import shown
from tests.dashboard.servers import served_once
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored
from tests.stack.app_inis import filtered
from tests.stack.app_inis import forbidding
from tests.stack.app_inis import ref
from tests.stack.app_inis import rewriting
from tests.stack.trace_checks import failure_story


@pytest.fixture(scope="module")
def retried(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter sent to its app twice, passing up the second 200."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       filtered("retry", "make_retry_on_503_filter", app="make_busy_once_app"),
                       "200 OK")


@pytest.fixture(scope="module")
def retried_alike(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter sent below twice, and which failed the same way twice:
    the app raised each time, the filter under the retry answering 503 for it."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       f"[pipeline:main]\npipeline = retry catching app\n\n"
                       "[filter:retry]\n"
                       f"paste.filter_factory = {ref('make_retry_on_503_filter')}\n\n"
                       "[filter:catching]\n"
                       f"paste.filter_factory = {ref('make_catching_filter')}\n\n"
                       f"[app:app]\npaste.app_factory = {ref('make_unprintable_app')}\n",
                       "503 Service Unavailable")


#: A filter calling the layer below it twice, passing up the second answer.
LOOPING = f"[filter:looping]\npaste.filter_factory = {ref('make_looping_filter')}\ntimes = 2\n\n"
#: The compute demo's router.
COMPUTE = "[app:compute]\npaste.app_factory = stack.demo.compute:APIRouter.factory\n\n"


@pytest.fixture(scope="module")
def retried_composite(dashboard, tmp_path_factory) -> str:
    """The trace of GET /v2.1/servers, which a filter sent to a urlmap twice: the first call
    went to the router, which matched; Paste's urlmap had moved `/v2.1` to SCRIPT_NAME in the
    environ both calls share, so the second went to `/`, whose app answered the 404 passed up."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       "[pipeline:main]\npipeline = looping api\n\n" + LOOPING
                       + "[composite:api]\nuse = egg:Paste#urlmap\n"
                       "/v2.1: compute\n/: versions\n\n" + COMPUTE
                       + "[app:versions]\n"
                       "paste.app_factory = stack.demo.compute:Versions.factory\n",
                       "404 Not Found", "/v2.1/servers")


@pytest.fixture(scope="module")
def retried_router(dashboard, tmp_path_factory) -> str:
    """The trace of GET /servers, which a filter sent to the router twice: both calls matched."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       "[pipeline:main]\npipeline = looping compute\n\n" + LOOPING + COMPUTE,
                       "200 OK", "/servers")


@pytest.fixture(scope="module")
def retried_miss(dashboard, tmp_path_factory) -> str:
    """The trace of GET /nothing, which a filter sent twice to a urlmap with no `/` key: each
    call missed every key, the second's 404 passed up."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       "[pipeline:main]\npipeline = looping api\n\n" + LOOPING
                       + "[composite:api]\nuse = egg:Paste#urlmap\n/v2.1: compute\n\n" + COMPUTE,
                       "404 Not Found", "/nothing")


@pytest.fixture(scope="module")
def retried_refusing_router(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter sent twice to a router whose own `__call__` answered
    400 each time, before it asked its routes."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       "[pipeline:main]\npipeline = looping router\n\n" + LOOPING
                       + f"[app:router]\npaste.app_factory = {ref('make_router')}"
                       "\nrefuse = yes\n", "400 Bad Request", "/items")


@pytest.fixture(scope="module")
def retried_closing(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter sent twice to an app whose body raises in its close():
    the second call's body, passed up, raised as the server closed it once it was sent."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       "[pipeline:main]\npipeline = looping closing\n\n" + LOOPING
                       + f"[app:closing]\nuse = call:{ref('make_closing_class_app')}\n",
                       "200 OK", body=b"x" * 10)


@pytest.fixture(scope="module")
def retried_prefixed(dashboard, tmp_path_factory) -> str:
    """The trace of GET /v2.1/servers, which a filter sent twice to a urlmap whose `/v2.1`
    pipeline's filter `pathonly` changes PATH_INFO alone: at the first call, the urlmap moved
    `/v2.1` to SCRIPT_NAME and `pathonly` set PATH_INFO; the second missed every key."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       "[pipeline:main]\npipeline = looping api\n\n" + LOOPING
                       + "[composite:api]\nuse = egg:Paste#urlmap\n/v2.1: sub\n\n"
                       "[pipeline:sub]\npipeline = pathonly leaf\n\n"
                       "[filter:pathonly]\nuse = call:tests.stack.paste_apps:make_environ\n"
                       "add = PATH_INFO=/only/servers\n\n"
                       "[app:leaf]\nuse = call:tests.stack.paste_apps:make_app\n",
                       "404 Not Found", "/v2.1/servers")


@pytest.fixture(scope="module")
def retried_short(dashboard, tmp_path_factory) -> str:
    """The trace of a request whose app raised at the first call, which the filter `retrying`
    caught and called the filter `short` again, which answered 200 itself at its second."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       f"[pipeline:main]\npipeline = retrying short app\n\n"
                       "[filter:retrying]\n"
                       f"paste.filter_factory = {ref('make_retrying_filter')}\n\n"
                       "[filter:short]\n"
                       f"paste.filter_factory = {ref('make_answering_again_filter')}"
                       f"\n\n[app:app]\npaste.app_factory = {ref('make_flaky_app')}\n", "200 OK")


@pytest.fixture(scope="module")
def retried_rewrite(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter sent twice to a filter that moves it under `/base` in
    the environ it is given, the same at both calls, before its app answered 404."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       "[pipeline:main]\npipeline = looping rewrite app\n\n" + LOOPING
                       + "[filter:rewrite]\n"
                       f"paste.filter_factory = {ref('make_rewriting_filter')}\n\n"
                       "[app:app]\nuse = call:tests.stack.paste_apps:make_app\n"
                       "status = 404 Not Found\n", "404 Not Found")


@pytest.fixture(scope="module")
def retried_twice_listed(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter sent twice to a pipeline listing the filter `once` twice
    (tests/dashboard/twice.py), which raises at its second place: in the first call, `once`
    raised at its second place, faultwrap answering 500 for it; in the second, at its first
    place (the request was marked by then), which no layer caught."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       "[pipeline:main]\npipeline = looping once faultwrap once app\n\n" + LOOPING
                       + "[filter:once]\n"
                       "paste.filter_factory = tests.dashboard.twice:make_raising_filter\n\n"
                       "[filter:faultwrap]\n"
                       "paste.filter_factory = stack.filters.fault_wrapper:FaultWrapper.factory\n\n"
                       "[app:app]\npaste.app_factory = tests.stack.paste_apps:make_app\n",
                       "500 Internal Server Error")


@pytest.fixture(scope="module")
def rewritten(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter moved under `/base` before its app answered 404."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"), rewriting(), "404 Not Found")


@pytest.fixture(scope="module")
def rewritten_beyond_ascii(dashboard, tmp_path_factory) -> str:
    """The trace of a request a filter moved under `/movÃ©`, `/mové` as a client sends it and
    the server hands it over (its UTF-8 bytes read as Latin-1), before its app answered 404."""
    return served_once(dashboard, tmp_path_factory.mktemp("ini"),
                       rewriting(to="/mové".encode().decode("latin-1")), "404 Not Found")


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


def test_the_timeline_says_a_filter_called_its_app_twice_and_dropped_the_first(dashboard,
                                                                                  retried):
    timeline = page_section(dashboard, retried, "Timeline")
    assert ("filter:retry called the layer below it, the app app, twice; the first answer "
            "(503) was not passed up 200 ") in timeline, timeline
    # Each call's row says which it is: the two rows of app:app read alike otherwise.
    assert timeline.index("app:app first of 2 calls 503 ") < timeline.index(
        "app:app second of 2 calls 200 "), timeline
    assert timeline.count(" of 2 calls") == 2


def test_the_steps_of_a_retried_layer_say_which_call_each_is(dashboard, retried_raise):
    steps = steps_of(dashboard, retried_raise)["steps"]
    assert [(s["kind"], s["call"]) for s in steps if s["node"] == "app:app"] == [
        ("node.enter", "first of 2 calls"), ("error", "first of 2 calls"),
        ("node.leave", "first of 2 calls"), ("node.enter", "second of 2 calls"),
        ("node.leave", "second of 2 calls")]
    assert {s["call"] for s in steps if s["node"] != "app:app"} == {None}
    page = dashboard.get(f"/requests/{retried_raise}/steps")[2]
    hops = " ".join(shown(part(page, '<ol class="step-hops"', "</ol>")).split())
    assert hops.startswith(
        "request.start pipeline:main node.enter filter:retrying node.enter app:app node.enter "
        "first of 2 calls app:app error first of 2 calls app:app node.leave first of 2 calls "
        "app:app node.enter second of 2 calls app:app node.leave second of 2 calls "), hops


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


def test_the_route_of_a_retried_composite_says_which_call_matched(dashboard,
                                                                  retried_composite):
    # The match was the first call's, whose answer was dropped: not what the client got.
    route = page_section(dashboard, retried_composite, "Route")
    assert route.startswith("Matched /servers (servers) on app:compute (in the first of 2 "
                            "calls of composite:api) "), route
    assert route.count("Matched") == 1
    assert route.endswith("composite:api chose /v2.1 → app:compute (its first of 2 calls)"
                          "composite:api chose / → app:versions (its second of 2 calls)"), route


def test_the_story_says_the_urlmaps_first_call_moved_the_prefix_its_second_was_given(
        dashboard, retried_composite):
    # Paste's urlmap moved `/v2.1` to SCRIPT_NAME in the environ both calls share: the second
    # chose `/` for `/servers`, and the story said so with no word why the path had changed.
    changed = ("The composite api itself changed SCRIPT_NAME from empty to /v2.1 and PATH_INFO "
               "from /v2.1/servers to /servers as it chose /v2.1 in its first call, in the "
               "environ the filter looping passed to each call, so the second call was given "
               "the paths the first set: a layer that calls another again with one environ "
               "must give each call a copy (environ.copy()).")
    story = page_section(dashboard, retried_composite, "Why it failed")
    assert story.count(changed) == 1, story
    assert (story.index("The filter looping called the composite api a second time.")
            < story.index(changed) < story.index("The urlmap composite api chose /, the "
                                                 "catch-all, as no longer prefix matches "
                                                 "/servers")), story
    # The step view's story and its JSON say it alike.
    failure = steps_of(dashboard, retried_composite)["failure"]
    assert ("The composite `api` itself changed SCRIPT_NAME from empty to `/v2.1` and PATH_INFO "
            "from `/v2.1/servers` to `/servers` as it chose `/v2.1` in its first call, in the "
            "environ the filter `looping` passed to each call, so the second call was given the "
            "paths the first set: a layer that calls another again with one environ must give "
            "each call a copy (`environ.copy()`).") in failure, failure
    steps_page = dashboard.get(f"/requests/{retried_composite}/steps")[2]
    assert changed in section(steps_page, "Why it failed")


def test_the_story_says_a_filters_first_call_changed_the_path_its_second_was_given(
        dashboard, retried_rewrite):
    story = page_section(dashboard, retried_rewrite, "Why it failed")
    assert ("The filter looping called the filter rewrite a second time.The filter rewrite "
            "itself changed SCRIPT_NAME from empty to /base and PATH_INFO from / to /moved/ as "
            "it called the app app in its first call, in the environ the filter looping passed "
            "to each call, so the second call was given the paths the first set: ") in story, \
        story
    # What it did at its second call is said of that call, as of any filter's.
    assert ("The filter rewrite changed PATH_INFO from /moved/ to /moved/moved/ as it called "
            "the app app.") in story, story


def test_a_filter_under_a_urlmap_changing_path_info_alone_is_not_said_to_move_the_prefix(
        dashboard, retried_prefixed):
    # The first layer to show the second call's paths was the app under `pathonly`, which
    # changed PATH_INFO alone: the urlmap moved SCRIPT_NAME, so no one layer is named.
    story = page_section(dashboard, retried_prefixed, "Why it failed")
    assert ("The filter looping called the composite api a second time.The first call of the "
            "composite api changed SCRIPT_NAME from empty to /v2.1 and PATH_INFO from "
            "/v2.1/servers to /only/servers in the environ the filter looping passed to each "
            "call, so the second call was given the paths the first set: a layer that calls "
            "another again with one environ must give each call a copy (environ.copy()).The "
            "composite api (served.ini line 8, ") in story, story
    assert "pathonly changed SCRIPT_NAME" not in story, story
    # What `pathonly` did is said of its own call, as of any filter's.
    assert ("The filter pathonly changed PATH_INFO from /servers to /only/servers as it called "
            "the app leaf.") in story, story


def test_a_second_call_given_the_paths_the_first_was_is_said_to_change_nothing(dashboard,
                                                                              retried_alike):
    assert "changed" not in page_section(dashboard, retried_alike, "Why it failed")


def test_a_request_that_ended_well_after_a_caught_error_is_no_failure_on_either_page(
        dashboard, retried_raise):
    said = ("GET / ended with 200: an error was raised on the way and a layer caught it, so the "
            "request did not fail.")
    for address in (f"/requests/{retried_raise}", f"/requests/{retried_raise}/steps"):
        page = dashboard.get(address)[2]
        assert [heading for heading in ("Why it failed", "What went wrong",
                                        "Why it was answered early", "Caught on the way")
                if f"<h3>{heading}</h3>" in page] == ["Caught on the way"], address
        # Its paths wrap and its code is marked as a failure's story's (`.why`), but not in
        # the red box's colours, in projector mode either (steps.css).
        assert '<section class="why" data-why="caught">' in page, address
        caught = section(page, "Caught on the way")
        assert caught.startswith(f"{said}ConnectionError ('the first try fails') was raised by "
                                 "the app app (retry_apps.py:"), caught
    assert steps_of(dashboard, retried_raise)["failure"][0] == said
    css = dashboard.get("/static/css/steps.css")[2]
    assert ('.why[data-why="caught"] { border-left-color: var(--line); background: transparent; }'
            in css and 'body.projector .why[data-why="caught"] { background: transparent; }'
            in css), css


def test_the_number_of_caught_errors_is_said_with_its_thousands_apart(dashboard, retried_raise):
    events = stored(dashboard, retried_raise)["events"]
    [error] = [event for event in events if event["kind"] == "error"]
    at = events.index(error)
    many = events[:at] + [error] * 1000 + events[at + 1:]
    assert failure_story(many)[0] == ("GET / ended with 200: 1,000 errors were raised on the way "
                                      "and layers caught them, so the request did not fail.")


def test_a_request_answered_early_after_a_caught_error_says_it_did_not_fail(dashboard,
                                                                           retried_short):
    page = dashboard.get(f"/requests/{retried_short}")[2]
    story = section(page, "Why it was answered early")
    assert story.startswith("GET / ended with 200: an error was raised on the way and a layer "
                            "caught it, so the request did not fail."), story
    assert '<section class="why" data-why="early">' in page


def test_the_route_of_a_retried_router_says_each_calls_match(dashboard, retried_router):
    route = page_section(dashboard, retried_router, "Route")
    matched = "Matched /servers (servers) on app:compute (its {} of 2 calls) "
    assert route.count("Matched") == 2, route
    assert route.index(matched.format("first")) < route.index(matched.format("second")), route


def test_the_urlmap_miss_of_a_retried_composite_says_which_call_missed(dashboard,
                                                                      retried_miss):
    route = page_section(dashboard, retried_miss, "Route")
    assert route.startswith("No urlmap key took /nothing; tried /v2.1 (its first of 2 calls)"), \
        route


def test_a_retried_router_that_answered_before_matching_says_which_call(
        dashboard, retried_refusing_router):
    route = page_section(dashboard, retried_refusing_router, "Route")
    assert route == ("The router of app:router answered 400 before matching a route (its first "
                     "of 2 calls)."), route


def test_the_close_error_of_a_retried_layer_s_body_says_which_call_it_was(dashboard,
                                                                          retried_closing):
    """Said of the errors a layer raised, not of its body's close(): the second call's body
    read as the only call's."""
    errors = page_section(dashboard, retried_closing, "Errors")
    assert errors.startswith("OSError: the body's close broke — raised by the close() of "
                             "app:closing's body (its second of 2 calls), once it was done "
                             "(body_end_apps.py:"), errors
    assert errors.endswith(", caught by server"), errors


def test_the_error_of_a_retried_layer_says_which_call_raised_it(dashboard, retried_raise):
    errors = page_section(dashboard, retried_raise, "Errors")
    assert errors.startswith("ConnectionError: the first try fails — raised at app:app (its "
                             "first of 2 calls) (retry_apps.py:"), errors
    assert errors.endswith(", caught by filter:retrying"), errors


def test_the_errors_of_a_retried_filter_say_which_of_its_calls_each_was_raised_in(
        dashboard, retried_alike):
    errors = page_section(dashboard, retried_alike, "Errors")
    raised = ("Unprintable: (its str() raised RuntimeError) — raised at app:app (in the {} of 2 "
              "calls of filter:catching) (raising_apps.py:")
    assert errors.index(raised.format("first")) < errors.index(raised.format("second")), errors
    assert errors.count("caught by filter:catching") == 2


def test_an_error_of_a_retried_layer_listed_twice_names_its_place_and_its_call(
        dashboard, retried_twice_listed):
    errors = page_section(dashboard, retried_twice_listed, "Errors")
    assert ("raised at filter:once (its second place in the pipeline main, in the first of 2 "
            "calls of filter:once at its first place in the pipeline main) (twice.py:") in errors
    assert ("raised at filter:once (its first place in the pipeline main, its second of 2 "
            "calls) (twice.py:") in errors, errors


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
