"""WSGI apps called more than once in a request, and the filters that call them again, for the
tests that serve them: an app failing its first call (raising ConnectionError, answering 503,
or raising and then returning a body with no status), filters retrying after an exception or a
503 or calling their app a set number of times, and one that answers itself when called again
for the same request."""

from __future__ import annotations

from tests.stack.start_response_apps import unstarted_body


def make_flaky_app(global_conf):
    """An app whose first call in a request raises ConnectionError, and whose second answers."""

    def app(environ, start_response):
        calls = environ.setdefault("flaky.calls", [])
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("the first try fails")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"second try"]

    return app


def make_retrying_filter(global_conf):
    """A filter that calls the app below again when it raised ConnectionError."""

    def wrap(app):
        def retrying(environ, start_response):
            try:
                return app(environ, start_response)
            except ConnectionError:
                return app(environ, start_response)

        return retrying

    return wrap


def make_looping_filter(global_conf, times="1"):
    """A filter that calls the app below `times` times and answers with the last answer: a
    trace of as many layer records."""

    def wrap(app):
        def looping(environ, start_response):
            for _ in range(int(times) - 1):
                app(environ, lambda status, headers, exc_info=None: None)
            return app(environ, start_response)

        return looping

    return wrap


def make_busy_once_app(global_conf):
    """An app whose first call in a request answers 503, and whose second 200; each call adds
    a list to the environ (a value recorded by its type only)."""

    def app(environ, start_response):
        calls = environ.setdefault("busy.calls", [])
        calls.append(1)
        if len(calls) == 1:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"busy"]
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"second try"]

    return app


def make_retry_on_503_filter(global_conf):
    """A filter that calls the app below again when it answered 503, dropping that answer."""

    def wrap(app):
        def retrying(environ, start_response):
            got = []
            body = app(environ, lambda status, headers, exc_info=None: got.append(status))
            if not got[0].startswith("503"):
                start_response(got[0], [("Content-Type", "text/plain")])
                return body
            return app(environ, start_response)

        return retrying

    return wrap


def make_answering_again_filter(global_conf):
    """A filter that calls its app once and, called again for the same request (a retry with
    one environ), answers 200 itself without calling it: a short circuit after a retry."""

    def wrap(app):
        def answering_again(environ, start_response):
            if environ.get("answering.called"):
                start_response("200 OK", [("Content-Type", "text/plain")])
                return [b"answered again"]
            environ["answering.called"] = "1"
            return app(environ, start_response)

        return answering_again

    return wrap


def make_flaky_unstarted_app(global_conf):
    """An app whose first call in a request raises ConnectionError, and whose second returns
    a body without calling start_response: under a filter that answers for the exception
    (`make_swallowing_filter`) and one that calls it twice (`make_looping_filter`), a layer
    passes up no status in each call, a different one in each."""

    def app(environ, start_response):
        calls = environ.setdefault("flaky.calls", [])
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("the first try fails")
        return unstarted_body("")

    return app
