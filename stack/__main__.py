"""`python -m stack` — inspect an api-paste.ini, say what a request would hit, or serve it.

    python -m stack inspect FILE [--name SECTION] [--json]
    python -m stack serve FILE [--name SECTION] [--stack NAME] [--host H] [--port P]
                          [--trace-to DEST] [--no-access-log] [--check-wsgi]
    python -m stack which FILE METHOD PATH [--name SECTION] [--host HOST] [--choose C=KEY …]
                          [-H 'NAME: VALUE' …] [--load]
    python -m stack diff OLD NEW [--name SECTION] [--json]

Bad input exits with status 2 and one `FILE:LINE: message` line on stderr, never a traceback.
`inspect` exits 0 for a file it drew, whatever PasteDeploy would refuse in it: that is its answer.
`diff` exits 0 for two files that build the same, 1 for two that differ, as `diff` does.
Control characters a file holds are printed escaped (`\\x1b`); a reader that stops early
(`| head -1`) ends the command quietly, with status 141.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shlex
import signal
import sys
import warnings
from collections.abc import Iterator
from typing import Any
from typing import TextIO

from stack import stop_before_serving

if __name__ == "__main__" and sys.argv[1:2] == ["serve"]:
    # NOTE: here, before the imports below and `stack.server`'s (with eventlet's patching, some
    # 0.3 s before serve handles a stop itself): one in them ends it at once, saying so.
    stop_before_serving.listen()

from stack import graph  # noqa: E402
from stack import graph_diff  # noqa: E402
from stack import graph_diff_words  # noqa: E402
from stack import http_token  # noqa: E402
from stack import request_target  # noqa: E402
from stack import resolve  # noqa: E402
from stack import tree  # noqa: E402
from stack import wire  # noqa: E402
from stack.graph_model import unread_json  # noqa: E402

#: Status when the reader of the output goes away (`… | head -1`): 128 + SIGPIPE is what a shell
#: reports for a Unix tool that SIGPIPE ended, so `set -o pipefail` sees the same as for `cat`.
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE
#: What `--name SECTION` of serve and which accepts, after what each does with it.
SECTION_HELP = ("an app, composite, pipeline or filter-app section of the file, by its name or "
                "its id as inspect shows it (default: main, else the only entry)")
#: Control characters (C0 but tab and newline, DEL, C1), each to be shown as `\xNN`.
_ESCAPES = {
    code: f"\\x{code:02x}" for code in [*range(0x20), *range(0x7F, 0xA0)] if chr(code) not in "\t\n"
}
_CONTROL = re.compile("[" + re.escape("".join(map(chr, _ESCAPES))) + "]")


def printable(text: str) -> str:
    """`text` with its control characters escaped (`\\x1b`), safe to show on a terminal.

    Section names and values are printed as the file has them, and a file can hold escape
    sequences that would recolour, retitle or clear the reader's terminal. Searched first:
    `serve` writes its access log through here, a line a request, and lines hardly ever hold
    one (a search costs a fifth of a translation).
    """
    return text.translate(_ESCAPES) if _CONTROL.search(text) else text


class _Printable:
    """A text stream writing `printable(text)`, so all the CLI prints is escaped in one place."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def main(argv: list[str] | None = None) -> int:
    """Run one command, its output terminal-safe; end quietly when the reader goes away."""
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(sys.stdout), _Printable(sys.stderr)
    try:
        status = run_command(argv)
        sys.stdout.flush()  # here, not at exit, so a reader gone away is caught below
        return status
    except BrokenPipeError:
        # NOTE: the Python docs' recipe (signal module, "Note on SIGPIPE"): point stdout at
        # devnull so the interpreter's last flush does not fail again with a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), streams[0].fileno())
        return EXIT_BROKEN_PIPE
    finally:
        sys.stdout, sys.stderr = streams


def run_command(argv: list[str] | None) -> int:
    """Parse `argv` and run its command; bad input is one line on stderr and status 2."""
    parser = argparse.ArgumentParser(
        prog="python -m stack",
        description="Inspect an api-paste.ini (inspect), say what a request would hit without "
        "loading anything unless asked to (which), serve it on eventlet with every hop "
        "traced (serve), or say what two of them build differently (diff).",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    inspect = commands.add_parser("inspect", help="print the composition of an api-paste.ini")
    inspect.add_argument("file", help="the api-paste.ini to read; nothing it names is imported")
    inspect.add_argument(
        "--name",
        metavar="SECTION",
        help="draw only this section and what it reaches, by its name or its id as inspect "
        "shows it (default: every entry)",
    )
    inspect.add_argument("--json", action="store_true", help="print the graph contract as JSON")

    serve = commands.add_parser("serve", help="serve an api-paste.ini on eventlet, traced")
    serve.add_argument("file", help="the api-paste.ini to build, as PasteDeploy's loadapp does")
    serve.add_argument(
        "--name",
        metavar="SECTION",
        help=f"the section to serve: {SECTION_HELP}",
    )
    serve.add_argument(
        "--stack",
        metavar="NAME",
        help="the name the dashboard lists this stack under (default: the section's)",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument(
        "--port", type=int, default=8090, help="port (default: %(default)s; 0: any free port)")
    serve.add_argument(
        "--trace-to",
        default=wire.DEFAULT_TRACE_TO,
        metavar="DEST",
        help="http://HOST:PORT (a dashboard), file:PATH (JSON Lines) or off "
        "(default: %(default)s)",
    )
    serve.add_argument(
        "--no-access-log", action="store_true", help="don't log each request to stderr"
    )
    serve.add_argument(
        "--check-wsgi",
        action="store_true",
        help="check what each layer passes up against the WSGI rules (PEP 3333) and put "
        "each rule broken on the request's trace, as a wsgi.warning event; also record the "
        "response headers each layer passed up (secrets redacted), which the request's page "
        "compares layer by layer; the responses are not changed (needs a --trace-to other "
        "than off)",
    )
    which = commands.add_parser(
        "which", help="say what a request would hit, loading nothing unless --load asks")
    which.add_argument("file", help="the api-paste.ini to read")
    which.add_argument(
        "method",
        help="the request's method, as sent: GET, not get (servers compare it as typed)",
    )
    which.add_argument(
        "path",
        help="the request's path, from / (its query is left out, as a server does), or a whole "
        "URL http://HOST/PATH, whose host counts unless --host gives one",
    )
    which.add_argument(
        "--name",
        metavar="SECTION",
        help=f"the section to start from: {SECTION_HELP}",
    )
    which.add_argument(
        "--host", default="", help="the Host header (for urlmap domain keys), or -H 'Host: …'"
    )
    which.add_argument(
        "--choose",
        action="append",
        default=[],
        metavar="COMPOSITE=KEY",
        help="follow KEY at a composite with alternatives (repeatable)",
    )
    which.add_argument(
        "-H",
        "--header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="a request header, as curl's -H (repeatable), as Send and lesson files take them: "
        "a name given twice (in any case) is refused, a Host is the --host; nova's urlmap (and "
        "masakari's copy) picks the API version by the Content-Type's or Accept's version=",
    )
    which.add_argument(
        "--load",
        action="store_true",
        help="import and run the file's factories, as serve does (no request is sent, nothing "
        "is served or traced), to say which route and controller action a router matches, or "
        "why it answers 404 or 405; a factory that cannot be loaded exits 2 saying which",
    )
    diff = commands.add_parser(
        "diff", help="say what two api-paste.ini files build differently")
    diff.add_argument("old", help="the api-paste.ini before (nothing it names is imported)")
    diff.add_argument("new", help="the api-paste.ini after")
    diff.add_argument(
        "--name",
        metavar="SECTION",
        help="compare only what this section builds in each file, by its name or its id as "
        "inspect shows it (default: what every entry builds)",
    )
    diff.add_argument("--json", action="store_true",
                      help="print the changes as JSON (exit status as without it)")
    argv = sys.argv[1:] if argv is None else argv
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # NOTE: said by the command's own parser, with its usage: argparse's top parser showed
        # `usage: python -m stack [-h] {inspect,serve,which} ...`, none of the options the
        # misspelt one (`--nmae`) or the one put before the command was meant as.
        command = commands.choices[args.command]
        misplaced, moved = _misplaced(parser, argv, args.command)
        if misplaced:
            goes = "goes" if len(misplaced) == 1 else "go"
            command.error(f"{' '.join(misplaced)} {goes} after the command: "
                          f"{parser.prog} {shlex.join(moved)}")
        command.error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        if args.command == "inspect":
            return run_inspect(args.file, args.name, args.json)
        if args.command == "which":
            return run_which(args)
        if args.command == "diff":
            return run_diff(args.old, args.new, args.name, args.json)
        return run_serve(args)
    except graph.IniError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ValueError as exc:  # a bad option value (--trace-to, --choose) or PATH
        print(f"{parser.prog} {args.command}: {exc}", file=sys.stderr)
        return 2


def _misplaced(parser: argparse.ArgumentParser, argv: list[str],
               command: str) -> tuple[list[str], list[str]]:
    """The arguments put before `command` that are its own options (`--json inspect FILE`):
    those the command's parser takes once they are moved after it, tried by parsing them so;
    and the arguments with those moved, as the command line that says where they go.

    The top parser takes none but `-h`, so it left them unknown, and "unrecognized arguments:
    --json" under a usage listing `[--json]` read as if the option did not exist."""
    # NOTE: `command` is argv's first word the top parser took as no option
    at = argv.index(command)
    before, after = argv[:at], argv[at + 1:]
    if not before:
        return [], []
    _, still_unknown = parser.parse_known_args([command, *after, *before])
    misplaced = [arg for arg in before if arg not in still_unknown]
    return misplaced, [command, *after, *misplaced]


def run_inspect(path: str, name: str | None, as_json: bool) -> int:
    try:
        ini = graph.read_ini(path)
    except graph.IniError as exc:
        if as_json:  # the text line on stderr follows (`run_command`)
            unread = unread_json(os.path.basename(os.path.normpath(path)), exc)
            print(json.dumps(unread, indent=2))
        raise
    if name is None:
        print(json.dumps(ini.to_json(), indent=2) if as_json else tree.render_ini(ini))
    elif as_json:
        try:
            found = graph.load_graph(path, name, ini=ini).to_json()
        except graph.IniError as exc:
            print(json.dumps(ini.refused_json(exc), indent=2))
            raise
        # NOTE: the file's warnings are about lines no graph shows ([DEFAULT], other files'):
        # all of them, as without --name, for one of them may be the section this one lacks.
        print(json.dumps({**found, "warnings": [dict(w) for w in ini.warnings]}, indent=2))
    else:
        print(tree.render_graph(graph.load_graph(path, name, ini=ini), ini))
    return 0


def run_diff(old_path: str, new_path: str, name: str | None, as_json: bool) -> int:
    """Print what `new_path` builds differently from `old_path`, a change a line; exit 1 if
    anything differs, as `diff` does, so a script can ask with the status alone."""
    old, new = _built(old_path, name), _built(new_path, name)
    changes = graph_diff.compare(old, new)
    if as_json:
        print(json.dumps({"old": old_path, "new": new_path,
                          "changes": [{**change.to_json(),
                                       "text": graph_diff_words.change_line(change)}
                                      for change in changes]}, indent=2))
    else:
        print("\n".join(graph_diff_words.change_lines(changes)))
    return 1 if changes else 0


def _built(path: str, name: str | None) -> graph_diff.Built:
    """What the file at `path` builds: every entry's graph, or the one `name` loads."""
    ini = graph.read_ini(path)
    if name is None:
        return graph_diff.built_by_file(path, ini)
    return graph_diff.built_by_section(path, ini, graph.load_graph(path, name, ini=ini))


@contextlib.contextmanager
def said_of(argument: str) -> Iterator[None]:
    """A ValueError raised inside, its message said of `argument` (`METHOD`, `--host`): the
    command line's words a bad value came from, which the checks themselves do not know."""
    try:
        yield
    except ValueError as exc:
        raise ValueError(f"{argument} {exc}") from None


def run_which(args: argparse.Namespace) -> int:
    """Print, in plain words, the path `METHOD PATH` would take through the file's graph."""
    with said_of("--choose"):
        choices = resolve.parse_choices(args.choose)
    with said_of("METHOD"):
        http_token.check_method(args.method)
    with said_of("PATH"):
        request_target.check_target(args.method, args.path)
    with said_of("--host"):
        http_token.check_host(args.host)
    with said_of("-H"):
        headers = http_token.check_headers(args.header, args.method, body=False)
        host = request_target.given_host(args.host, headers, "--host")
    ini = graph.read_ini(args.file)
    name = graph.pick_entry(args.file, args.name, ini)
    loaded = graph.load_graph(args.file, name, ini=ini)
    # NOTE: the file's code is run only when asked (`--load`): an ini from elsewhere may name
    # any module, and reading it must not run it.
    load = _server().build(args.file, name, None, ini=ini) if args.load else None
    walked = loaded.to_json()
    unnamed = (resolve.unnamed(ini.entries, walked["entry"], "which loadapp loads when given "
                               "no name") if args.name is None else None)
    result = resolve.resolve(walked, args.method, args.path, host, choices,
                             routes=load.routes if load else None, headers=headers,
                             built=load.built if load else None, unnamed=unnamed)
    print("\n".join(resolve.describe(result) + tree.render_path_warnings(loaded, result.nodes)
                    + tree.render_file_warnings(ini)))
    if result.stopped and result.stopped["status"] is None:
        return 2  # the file would not load: as `serve` would, say so in the status too
    return 0


def _server() -> Any:
    """`stack.server`, imported only by `serve` and `which --load`.

    NOTE: eventlet is imported (and, by `serve`, the stdlib patched) only here, so `inspect`,
    `which` and the dashboard's upload view, which share stack.graph, never pay for it. Its
    deprecation banner is silenced: serving on eventlet is the point, it is what OpenStack runs.
    """
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    from stack import server

    return server


def run_serve(args: argparse.Namespace) -> int:
    server = _server()
    # NOTE: checked here, not by the dashboard: a name it refuses would leave the stack
    # untraced, its console saying why only once it had started.
    label = args.stack
    if label is not None and not (1 <= len(label) <= wire.MAX_NAME and label.isprintable()):
        raise ValueError(f"--stack {label!r} is no stack name: 1 to {wire.MAX_NAME} "
                         "printable characters")
    if not 0 <= args.port <= http_token.MAX_PORT:
        # NOTE: here, not at the bind: its OverflowError said "bind(): port must be 0-65535."
        raise ValueError(f"--port {args.port} is no port: 0 to {http_token.MAX_PORT} "
                         "(0: any free port)")
    if args.check_wsgi and args.trace_to == "off":
        raise ValueError("--check-wsgi says what it finds on the requests' traces: give a "
                         "--trace-to other than off")
    return server.serve(
        args.file,
        name=args.name,
        host=args.host,
        port=args.port,
        trace_to=args.trace_to,
        access_log=not args.no_access_log,
        label=label,
        check_wsgi=args.check_wsgi,
    )



if __name__ == "__main__":
    sys.exit(main())
