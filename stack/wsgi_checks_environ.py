"""The environ a layer passes down to the layer below, under `serve --check-wsgi`: the WSGI
rules it breaks (`environ_problems`), which `stack.wsgi_checks.PassedDown` says of the layer
(a filter, filter-app or composite) that passed it down, with the line of its code that did.
"""

from __future__ import annotations

from collections.abc import Iterator

from stack import redact
from stack.explain_words import article
from stack.wsgi_checks_values import shown
from stack.wsgi_checks_values import typed

#: The rules checked here, as a wsgi.warning's `rule` names them.
ENVIRON_TYPE = "environ-type"
ENVIRON_VALUE = "environ-value-type"
ENVIRON_PATH = "environ-path"


def environ_problems(environ: dict, served: dict) -> Iterator[tuple[str, str]]:
    """The WSGI rules `environ` breaks, as (rule, words after the layer's name); a value the
    server handed over (`served`, the same object) breaks none of the layer's.

    PEP 3333's, as `wsgiref.validate.check_environ` checks them: the environ "must be a
    builtin Python dictionary (not a subclass, UserDict or other dictionary emulation)";
    "CGI-defined variables must be native strings [...] It is a violation of this specification
    for any CGI variable's value to be of any type other than str" (a key with no dot: one
    with a dot is an extension, of any type); and `check_environ`'s paths: a `PATH_INFO` or
    `SCRIPT_NAME` that is not empty starts with `/`, and `SCRIPT_NAME` is not `/` (`''`, with
    the `/` in PATH_INFO): PEP 3333 rebuilds the path as SCRIPT_NAME + PATH_INFO, so a
    SCRIPT_NAME ending in `/` leaves the `/` out of PATH_INFO, where routes look for it.
    """
    if type(environ) is not dict:
        yield ENVIRON_TYPE, (f"passed down the environ as {article(type(environ).__name__)}; "
                             "WSGI wants a plain dict (not a subclass)")
    for key, value in environ.items():
        if (isinstance(key, str) and "." not in key and type(value) is not str
                and not (key in served and served[key] is value)):
            yield ENVIRON_VALUE, (f"passed down `{key}` as "
                                  f"{typed(value, redact.is_secret_environ(key))}; WSGI wants "
                                  "a str for every CGI variable (a key with no dot)")
    path_info = environ.get("PATH_INFO")
    if (isinstance(path_info, str) and path_info[:1] not in ("", "/")
            and served.get("PATH_INFO") is not path_info):
        yield ENVIRON_PATH, (f"passed down `PATH_INFO` as {shown(path_info)}, with no leading "
                             "`/`; WSGI wants it empty or starting with `/`")
    script_name = environ.get("SCRIPT_NAME")
    if (isinstance(script_name, str) and script_name
            and not (script_name[0] == "/" and script_name[-1] != "/")
            and served.get("SCRIPT_NAME") is not script_name):
        where = "ends in" if script_name[0] == "/" else "does not start with"
        yield ENVIRON_PATH, (f"passed down `SCRIPT_NAME` as {shown(script_name)}, which "
                             f"{where} `/`; WSGI wants it empty or starting with `/` and "
                             "not ending with one: the `/` after it starts PATH_INFO")
