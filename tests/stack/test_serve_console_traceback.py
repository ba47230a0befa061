"""The traceback the console prints of an exception no layer caught names the layers' code and
the server's, as untraced: no frame of the tracing's (the probes between the layers, the body
the root hands the server, a start_response re-raising an `exc_info`) nor, with --check-wsgi,
of the checks'."""

from __future__ import annotations

import inspect
import json
import os
import re
import traceback
from pathlib import Path

import eventlet
import pytest
import requests

from stack.recorded_errors import STACK_CODE
from stack.recorded_errors import TRACING_CODE
from stack.recorded_errors import drop_tracing_frames
from tests.conftest import StackServer
from tests.conftest import raw_request
from tests.conftest import write_ini
from tests.stack.app_inis import filtered
from tests.stack.app_inis import made_by
from tests.stack.app_inis import ref
from tests.stack.stand_in_dashboard import QuietHandler
from tests.stack.stand_in_dashboard import serving

#: A file a traceback names, as Python prints it.
FILE = re.compile(r'^  File "([^"]+)", line (\d+), in ', re.M)


def compiled(source: str, file: str) -> dict:
    """The functions `source` defines, compiled as the code of `file`."""
    names: dict = {}
    exec(compile(source, file, "exec"), names)
    return names


#: A probe of the tracing's: it calls what it is given.
PROBE = compiled("def probe(call, *args):\n    return call(*args)\n", TRACING_CODE[0])["probe"]


def frames_left(error: BaseException) -> list[str]:
    """The functions `error`'s traceback goes through once the tracing's frames are dropped, as
    the console prints it."""
    drop_tracing_frames(error)
    return [frame.f_code.co_name for frame, _ in traceback.walk_tb(error.__traceback__)]


def raised_at(factory: str, text: str) -> tuple[str, int]:
    """The file and line of the unusual apps' `factory` that holds `text`."""
    code = made_by(factory)
    lines, first = inspect.getsourcelines(code)
    return inspect.getsourcefile(code), first + next(n for n, line in enumerate(lines)
                                                     if text in line)


def traceback_said(output: str, error: str) -> list[tuple[str, int]]:
    """The files and lines of the traceback the console printed that ends with `error`."""
    block = output[output.index("Traceback (most recent call last):"):output.index(error)]
    return [(file, int(line)) for file, line in FILE.findall(block)]


@pytest.mark.parametrize(("app", "passing", "error", "raising"), [
    # raised as the server reads the body: through the probes' bodies and a generator filter's
    ("make_raising_body_app", "make_generator_filter", "ValueError: the body broke",
     "raise ValueError(fail)"),
    # PEP 3333's exc_info, given once the headers went out: the server raises it again from
    # start_response, called through each probe's
    ("make_late_status_app", "make_generator_filter",
     "ValueError: went wrong after the first chunk",
     'raise ValueError("went wrong after the first chunk")'),
    # raised as the server closes the body, once sent (a generator filter would not close it)
    ("make_closing_class_app", "make_inspecting_filter", "OSError: the body's close broke",
     "raise OSError("),
], ids=["body", "exc_info", "close"])
@pytest.mark.parametrize("extra", [[], ["--check-wsgi"]], ids=["traced", "checked"])
def test_a_layers_error_is_printed_with_no_frame_of_the_stacks(serve_stack, tmp_path, app, error,
                                                               passing, raising, extra):
    # a filter passing the body up (`passing`) above the app: the error crosses probes
    served = serve_stack(write_ini(tmp_path, filtered("passing", passing, app=app), "frames.ini"),
                         "main", extra)
    # the client gets 200 and what the body sent before it failed
    assert raw_request(served.url, "/")[0] == "HTTP/1.1 200 OK"
    served.wait_for_output(re.compile(re.escape(error)), 10)
    output = served.output()
    frames = traceback_said(output, error)
    assert raised_at(app, raising) in frames
    assert [file for file, _ in frames if file.startswith(STACK_CODE)] == []


def raising_ini(tmp_path: Path) -> Path:
    """main → pipeline [a filter passing the request on, a filter raising as it is called
    (`RAISED`), their app]: the error crosses a probe on its way up."""
    return write_ini(tmp_path, f"[pipeline:main]\npipeline = passing raising app\n\n"
                               f"[filter:passing]\npaste.filter_factory = "
                               f"{ref('make_inspecting_filter')}\n\n"
                               f"[filter:raising]\npaste.filter_factory = "
                               f"{ref('make_raising_filter')}\n\n"
                               f"[app:app]\npaste.app_factory = {ref('make_class_app')}\n",
                     "frames.ini")


#: What the filter of `raising_ini` raises, as the console prints it.
RAISED = "RuntimeError: refused before calling its app"


def raising_frames(output: str) -> list[tuple[str, int]]:
    """The files and lines of the traceback of `RAISED` the console printed in `output`."""
    return traceback_said(output, RAISED)


#: Those the layers' code alone gives it.
RAISING_FRAMES = [raised_at("make_inspecting_filter", "return app(environ, saying)"),
                  raised_at("make_raising_filter", "raise RuntimeError(")]


def test_a_filters_error_is_printed_with_no_frame_of_the_stacks(serve_stack, tmp_path):
    """Raised as the layer is called: the root answers the server's 500 and prints it."""
    served = serve_stack(raising_ini(tmp_path), "main", ["--check-wsgi"])
    response = requests.get(served.url + "/", timeout=10)
    assert response.status_code == 500 and "X-Pastescope-Trace" in response.headers
    served.wait_for_output(re.compile(re.escape(RAISED)), 10)
    assert raising_frames(served.output()) == RAISING_FRAMES


#: The server's code, eventlet's: the frames of its own a traceback it prints begins with.
SERVER_CODE = os.path.dirname(eventlet.__file__) + os.sep


class Refusing(QuietHandler):
    """A stand-in dashboard that refuses every stack, as one does a second stack of a name
    another serving has (409)."""

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.answer(409, json.dumps({"error": "another stack serving has its name"}).encode())


@pytest.mark.parametrize("extra", [[], ["--check-wsgi"]], ids=["probed", "checked"])
def test_a_filters_error_on_a_stack_its_dashboard_refuses_is_printed_with_no_frame_of_the_stacks(
        tmp_path, extra):
    """Untraced while the dashboard refuses it, a request still goes through each layer's
    probe (and checks), which pass it on: the console prints the layers' frames alone, as
    for a traced one."""
    with serving(Refusing) as url:
        served = StackServer(raising_ini(tmp_path), "main", url, tmp_path / "stack.log",
                             extra=extra)
        try:
            served.wait_for_output(re.compile("the dashboard refused this stack"), 10)
            response = requests.get(served.url + "/", timeout=10)
            assert response.status_code == 500
            assert "X-Pastescope-Trace" not in response.headers
            served.wait_for_output(re.compile(re.escape(RAISED)), 10)
            # untraced, the server prints it, from its own frame down
            assert [frame for frame in raising_frames(served.output())
                    if not frame[0].startswith(SERVER_CODE)] == RAISING_FRAMES
        finally:
            served.stop()


def test_a_fault_of_the_tracings_own_keeps_the_frames_it_raised_in():
    """Frames of the tracing's below every layer's are where the tracing itself raised: kept,
    so a fault of ours is not printed as the layer's."""
    broken = compiled("def broken():\n    raise KeyError('ours')\n", TRACING_CODE[0])["broken"]

    def layer():
        return PROBE(broken)

    with pytest.raises(KeyError) as raised:
        PROBE(layer)
    assert frames_left(raised.value) == [
        test_a_fault_of_the_tracings_own_keeps_the_frames_it_raised_in.__name__,
        "layer", "probe", "broken"]


@pytest.mark.parametrize("cause", ["", "yes"], ids=["context", "cause"])
def test_an_error_a_filter_raised_for_its_apps_is_printed_with_no_frame_of_the_stacks(
        serve_stack, tmp_path, cause):
    """A filter raised its own error for the app's, while handling it or from it: the console
    prints both tracebacks, the app's (the `__context__` or `__cause__`) without the probe
    between the filter and the app either."""
    path = write_ini(tmp_path, filtered("translating", "make_translating_filter",
                                        f"cause = {cause}\n", app="make_flaky_app"),
                     "frames.ini")
    served = serve_stack(path, "main")
    assert requests.get(served.url + "/", timeout=10).status_code == 500
    apps, error = "ConnectionError: the first try fails", "RuntimeError: the app below failed"
    served.wait_for_output(re.compile(re.escape(error)), 10)
    output = served.output()
    assert traceback_said(output, apps) == [
        raised_at("make_translating_filter", "return app(environ, start_response)"),
        raised_at("make_flaky_app", "raise ConnectionError(")]
    assert traceback_said(output[output.index(apps):], error) == [
        raised_at("make_translating_filter", "from exc" if cause else "raise RuntimeError(")]


@pytest.mark.parametrize(("call", "args", "called"), [
    (json.loads, ("{bad",), "loads"),
    (compiled("def record():\n    raise KeyError('ours')\n",
              os.path.join(STACK_CODE, "trace_records.py"))["record"], (), "record"),
], ids=["standard library", "stack helper"])
def test_a_fault_of_the_tracings_in_what_it_calls_keeps_the_probes_frame(call, args, called):
    """The tracing raised in what it called, the standard library or a helper of the stack's
    (`stack.trace_records`), none of them a layer: the probe's frame is kept, and the fault
    is not printed as the layer's above it."""

    def layer():
        return PROBE(call, *args)

    with pytest.raises(Exception) as raised:
        PROBE(layer)
    assert frames_left(raised.value)[:4] == [
        test_a_fault_of_the_tracings_in_what_it_calls_keeps_the_probes_frame.__name__,
        "layer", "probe", called]


def test_a_raise_of_the_stacks_own_filter_is_a_layers():
    """The stack's own layers (`stack.filters`, `stack.demo`, `stack.wsgi`) are layers as any
    app is: the probe above the filter that raised is left out."""
    refusing = compiled("def refusing():\n    raise KeyError('refused')\n",
                        os.path.join(STACK_CODE, "filters", "noauth.py"))["refusing"]
    with pytest.raises(KeyError) as raised:
        PROBE(refusing)
    assert frames_left(raised.value) == [
        test_a_raise_of_the_stacks_own_filter_is_a_layers.__name__, "refusing"]


def a_layers_raise():
    raise KeyError("the layer's")


def a_fault_under_a_layer():
    def layer():
        return PROBE(compiled("def broken():\n    raise KeyError('ours')\n",
                              TRACING_CODE[0])["broken"])
    layer()


def a_layers_translation():
    try:
        a_layers_raise()
    except KeyError as exc:
        raise RuntimeError("the layer above's") from exc


@pytest.mark.parametrize("raising", [a_layers_raise, a_fault_under_a_layer,
                                     a_layers_translation],
                         ids=["layer", "tracing's fault", "chain"])
def test_a_traceback_with_no_frame_to_drop_is_kept_as_it_was(raising):
    """No frame of the tracing's above a layer's: nothing to drop, so the traceback objects
    are kept as they are, not rebuilt frame by frame. It guards that no-copy path: a copy
    prints the same lines (the first assertion held before too), so what fails without it is
    the last, that each exception in the chain still holds the very traceback it was raised
    with."""
    with pytest.raises(Exception) as raised:
        raising()
    error = raised.value
    chain = [error, *filter(None, [error.__cause__])]
    kept = [each.__traceback__ for each in chain]
    printed = traceback.format_exception(error)
    drop_tracing_frames(error)
    assert traceback.format_exception(error) == printed
    assert all(each.__traceback__ is tb for each, tb in zip(chain, kept, strict=True))
