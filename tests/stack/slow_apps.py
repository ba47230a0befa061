"""WSGI apps slow to answer or to load, for the tests that stop a stack while they wait: an app
slow to answer, an app slow to load (not yielding to eventlet), and an app that waits for a
signal in a weakref callback (as it loads, or in the hub as a request comes)."""

from __future__ import annotations

import sys
import time
import weakref

import eventlet.hubs
from eventlet import patcher


def make_slow_app(global_conf, seconds="30"):
    """An app that says on stderr that a request reached it, then answers after `seconds`:
    a request still under way when its stack is stopped."""

    def app(environ, start_response):
        print("slow app: a request is under way", file=sys.stderr, flush=True)
        time.sleep(float(seconds))  # green: `stack serve` monkey-patches time
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"slow"]

    return app


def wait_in_a_weakref_callback(seconds: float) -> None:
    """Drop an object watched by a weakref callback that says on stderr it waits, then waits
    `seconds` for a signal, the whole process with it: a stop that comes then is raised where
    Python ignores exceptions, as when SIGTERM comes while an import cleans up its module lock
    (in a weakref callback of `importlib._bootstrap`)."""

    def wait(ref):
        print("weakref callback: waiting for a signal", file=sys.stderr, flush=True)
        patcher.original("time").sleep(seconds)  # not green: a signal ends it

    class Dropped:
        pass

    dropped = Dropped()
    watched = weakref.ref(dropped, wait)
    del dropped  # the callback runs here
    assert watched() is None


def make_app_waiting_in_a_weakref_callback(global_conf, seconds="10"):
    """An app that, as a request comes, waits in a weakref callback
    (`wait_in_a_weakref_callback`) in eventlet's hub: that request is answered a second
    after it came."""

    def app(environ, start_response):
        eventlet.hubs.get_hub().schedule_call_global(0, wait_in_a_weakref_callback,
                                                     float(seconds))
        time.sleep(1)  # green: the hub runs the callback meanwhile
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"answered"]

    return app


def make_app_loading_slowly(global_conf, seconds="30", keeps=""):
    """An app whose factory takes `seconds` without yielding to eventlet's hub, as one that
    imports or reads for seconds does: it says on stderr that it waits for a signal, and
    waits. `keeps`, where that signal's SystemExit is kept from the load (which then takes
    `seconds` more): "weakref", a weakref callback, which drops it
    (`wait_in_a_weakref_callback`); "bare except", a bare `except:`, as old code's `try:
    import json` / `except: import simplejson` has."""
    wait = patcher.original("time").sleep  # not green: a signal ends it
    if keeps == "weakref":
        wait_in_a_weakref_callback(float(seconds))
    elif keeps == "bare except":
        try:
            print("slow factory: waiting for a signal", file=sys.stderr, flush=True)
            wait(float(seconds))
        except:  # noqa: E722
            pass
    else:
        print("slow factory: waiting for a signal", file=sys.stderr, flush=True)
    wait(float(seconds))
    return make_slow_app(global_conf)
