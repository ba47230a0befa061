"""The environ a layer passes down to the layer below, under `serve --check-wsgi`: the WSGI
rules it breaks (`environ_problems`), which `stack.wsgi_checks.PassedDown` says of the layer
(a filter, filter-app or composite) that passed it down, with the line of its code that did;
and the request body it read from `wsgi.input` and passed down without, counted as it is read
(`CountedInput`), or the stream of its own it passed down with a `CONTENT_LENGTH` that does
not say what it holds (`input_problems`).
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

from stack import redact_environ
from stack.explain_words import article
from stack.wsgi_checks_values import length
from stack.wsgi_checks_values import shown
from stack.wsgi_checks_values import typed

#: The rules checked here, as a wsgi.warning's `rule` names them.
ENVIRON_TYPE = "environ-type"
ENVIRON_VALUE = "environ-value-type"
ENVIRON_PATH = "environ-path"
ENVIRON_INPUT = "environ-input-consumed"
ENVIRON_INPUT_LENGTH = "environ-input-length"
#: The environ key WebOb sets on a body it made seekable, which it rewinds before reading.
WEBOB_SEEKABLE = "webob.is_body_seekable"


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
                                  f"{typed(value, redact_environ.is_secret_environ(key))}; "
                                  "WSGI wants a str for every CGI variable (a key with no dot)")
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


class CountedInput:
    """The server's `wsgi.input`, the bytes read through it counted (`count`), and how many
    had been read as each layer was called (`entered`, by node): what a filter read itself
    before it passed the request on (`input_problems`); and whether a read found its end
    (`ended`), which alone tells how long a body sent chunked, with no `CONTENT_LENGTH`, was.

    Put in the server's stream's place by the first checked layer a request reaches
    (`entered`), so only under `serve --check-wsgi`; it reads nothing itself. Only the
    server's stream: it cannot be read twice, while a stream a layer made afresh (WebOb's
    seekable copy of the body) holds what it holds, and may be read again from its start.
    """

    __slots__ = ("stream", "count", "entered", "ended")

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.count = 0
        self.entered: dict[str, int] = {}
        self.ended = False

    def __getattr__(self, name: str) -> Any:
        # NOTE: eventlet's own (`set_hundred_continue_response_headers`, `get_socket`) and
        # any other a layer asks for, as unchecked
        return getattr(self.stream, name)

    def read(self, *args: Any) -> bytes:
        data = self.stream.read(*args)
        self.count += len(data)
        self.ended |= found_end(args, len(data))
        return data

    def readline(self, *args: Any) -> bytes:
        line = self.stream.readline(*args)
        self.count += len(line)
        self.ended |= not line
        return line

    def readlines(self, *args: Any) -> list[bytes]:
        lines = self.stream.readlines(*args)
        got = sum(map(len, lines))
        self.count += got
        self.ended |= found_end(args, got)
        return lines

    def __iter__(self) -> Iterator[bytes]:
        for line in self.stream:
            self.count += len(line)
            yield line
        self.ended = True


def found_end(args: tuple, got: int) -> bool:
    """Whether a `read` or `readlines` asked with `args` that got `got` bytes found the end of
    the stream: one with no size (or a negative one) reads to it, and one that got less than
    its size met it (eventlet's stream gives less only there)."""
    size = args[0] if args else None
    return size is None or (isinstance(size, int) and (size < 0 or got < size))


def entered(environ: Mapping, served: Mapping, node: str) -> None:
    """Note, as layer `node` is called with `environ`, how much of the request body had been
    read from the server's `wsgi.input` (`served`, the environ as the server handed it over),
    counting it from now on (`CountedInput`) if no layer above did."""
    stream = environ.get("wsgi.input")
    if type(stream) is not CountedInput:
        if stream is None or stream is not served.get("wsgi.input") or type(environ) is not dict:
            return
        stream = environ["wsgi.input"] = CountedInput(stream)
    stream.entered[node] = stream.count


def input_problems(environ: Mapping, served: Mapping, node: str) -> Iterator[tuple[str, str]]:
    """The request body layer `node` passes `environ` down with, as (rule, words after the
    layer's name): the server's, of which it read some (`consumed_problems`), or a stream of
    its own whose bytes its `CONTENT_LENGTH` does not say (`replaced_problems`)."""
    stream = environ.get("wsgi.input")
    if type(stream) is CountedInput:
        yield from consumed_problems(environ, served, node, stream)
    elif stream is not None and stream is not served.get("wsgi.input"):
        yield from replaced_problems(environ, stream)


def replaced_problems(environ: Mapping, stream: Any) -> Iterator[tuple[str, str]]:
    """A stream of a layer's own making (the one a filter rewriting the body writes: an
    `io.BytesIO`, a `tempfile.SpooledTemporaryFile`, a file) passed down with a
    `CONTENT_LENGTH` that is not what it holds from where it stands (`measured`): the layers
    below read that many bytes, WebOb's too, so a body made longer loses its end without a
    word, and one made shorter (or written and not rewound) reads short, which WebOb calls a
    client disconnect. The filter that set `wsgi.input` forgot `CONTENT_LENGTH`, the commonest
    slip of a body rewriter; without the flag nothing says it. None where `CONTENT_LENGTH` is
    absent or no number (the server's chunked body, as WebOb reads one, to its end), or the
    stream is of a kind not measured. A stream WebOb flagged seekable
    (`webob.is_body_seekable`) is measured from its start, where WebOb rewinds it before it
    reads."""
    declared = length(environ.get("CONTENT_LENGTH"))
    sized = None if declared is None else measured(stream)
    if sized is None:
        return
    size, at = sized
    if environ.get(WEBOB_SEEKABLE):
        at = 0
    held = max(size - at, 0)
    if held == declared:
        return
    where = (f" from byte {at}, where it stands (a stream written and not rewound reads from "
             "its end),") if at else ""
    below = (f"only the first {declared} of them, never the last {held - declared}"
             if held > declared else
             f"{held} of the {declared} bytes it says (WebOb calls that a client disconnect)")
    yield ENVIRON_INPUT_LENGTH, (f"passed down a `wsgi.input` of its own holding {held} bytes"
                                 f"{where} with `CONTENT_LENGTH: {declared}`: the layers "
                                 f"below read {below}; WSGI wants `CONTENT_LENGTH` to say "
                                 "what the stream holds")


def measured(stream: Any) -> tuple[int, int] | None:
    """`(size, position)` of `stream`, known without reading or moving it (the layers below
    read it next): an open `io.BytesIO`, its buffer's size; a `tempfile.SpooledTemporaryFile`,
    its file's, in memory or rolled over; a `BufferedReader` over a BytesIO, the BytesIO's;
    a regular file (`FileIO`, `BufferedReader`, `BufferedRandom`: `tempfile.TemporaryFile`),
    its size on disk, as the bytes past where it stands are all there (a BufferedRandom writes
    out what it holds before it reads or seeks, so what it holds is behind its position).
    None for any other stream, or one closed: a stream of unknown kind is not said of."""
    if isinstance(stream, tempfile.SpooledTemporaryFile):
        # NOTE: its `_file`, as its `fileno()` rolls it over to disk and nothing public sizes it
        stream = getattr(stream, "_file", None)
    if not isinstance(stream, io.IOBase) or stream.closed:
        return None
    if isinstance(stream, io.BytesIO):
        with stream.getbuffer() as buffer:
            return buffer.nbytes, stream.tell()
    raw = getattr(stream, "raw", None)
    if type(stream) is io.BufferedReader and isinstance(raw, io.BytesIO):
        with raw.getbuffer() as buffer:
            return buffer.nbytes, stream.tell()
    if type(stream) not in (io.FileIO, io.BufferedReader, io.BufferedRandom):
        return None
    try:
        status = os.fstat(stream.fileno())
    except OSError:
        return None
    return (status.st_size, stream.tell()) if stat.S_ISREG(status.st_mode) else None


def consumed_problems(environ: Mapping, served: Mapping, node: str,
                      stream: CountedInput) -> Iterator[tuple[str, str]]:
    """The body layer `node` read from the server's `wsgi.input` and passes `environ` down
    without, as (rule, words after the layer's name): the layers below read the
    `CONTENT_LENGTH` it passes down from a stream that no longer holds it, and WebOb, finding
    fewer bytes than that, raises that the client disconnected; or, of a body sent chunked
    (no `CONTENT_LENGTH`), they read what is left as though it were all, and nothing says it
    is not. None when the layer put a stream of its own in its place (the body
    it read, as WebOb's `req.body` does), or passes down a `CONTENT_LENGTH` the stream still
    holds (what is left; of a chunked body, one whose end no read found yet may hold any),
    or read nothing: what a layer above read is said of that layer."""
    read = stream.count - stream.entered.get(node, stream.count)
    declared, total = length(environ.get("CONTENT_LENGTH")), length(served.get("CONTENT_LENGTH"))
    chunked = total is None
    if chunked and stream.ended:  # its end found: its length is what was read
        total = stream.count
    if (read <= 0 or (declared is None and not chunked)
            or (declared is not None and (total is None or declared <= total - stream.count))):
        return
    if total is None:  # chunked, its end not found yet: what is left is not known
        yield ENVIRON_INPUT, (f"read {read} bytes of the request's body (sent chunked, of no "
                              "stated length) from wsgi.input and passed the request on "
                              "without them: the layers below read only what is left of it")
        return
    left = max(total - stream.count, 0)
    below = (f"{left} of the {declared} bytes its `CONTENT_LENGTH` says" if left
             else "an empty body")
    sent = " (sent chunked)" if chunked else ""
    # NOTE: with no CONTENT_LENGTH, WebOb misses nothing: it reads what is left, to its end
    told = " (WebOb calls that a client disconnect)" if declared is not None else ""
    yield ENVIRON_INPUT, (f"read {read} of the request's {total} body bytes{sent} from "
                          f"wsgi.input and passed the request on without them: the layers "
                          f"below read {below}{told}")
