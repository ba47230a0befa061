"""`python -m stack` — inspect an api-paste.ini, or serve it on eventlet with tracing.

    python -m stack inspect FILE [--name SECTION] [--json]
    python -m stack serve FILE [--name SECTION] [--host H] [--port P] [--trace-to DEST]
    python -m stack which FILE METHOD PATH [--name SECTION] [--host HOST] [--choose C=KEY …]

Bad input exits with status 2 and one `FILE:LINE: message` line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings

from stack import graph
from stack import resolve
from stack import tree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stack", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    inspect = commands.add_parser("inspect", help="print the composition of an api-paste.ini")
    inspect.add_argument("file")
    inspect.add_argument("--name", help="the section to start from (default: every entry)")
    inspect.add_argument("--json", action="store_true", help="print the graph contract as JSON")

    serve = commands.add_parser("serve", help="serve an api-paste.ini on eventlet, traced")
    serve.add_argument("file")
    serve.add_argument("--name", help="the app section to serve (default: the only entry)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8090)
    serve.add_argument(
        "--trace-to",
        default="http://127.0.0.1:5000",
        help="http://HOST:PORT (a dashboard), file:PATH (JSON Lines) or off",
    )
    serve.add_argument(
        "--no-access-log", action="store_true", help="don't log each request to stderr"
    )
    which = commands.add_parser("which", help="say what a request would hit, loading nothing")
    which.add_argument("file")
    which.add_argument("method")
    which.add_argument("path")
    which.add_argument("--name", help="the section to start from (default: the only entry)")
    which.add_argument("--host", default="", help="the Host header (for urlmap domain keys)")
    which.add_argument(
        "--choose",
        action="append",
        default=[],
        metavar="COMPOSITE=KEY",
        help="follow KEY at a composite with alternatives (repeatable)",
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "inspect":
            return run_inspect(args.file, args.name, args.json)
        if args.command == "which":
            return run_which(args)
        return run_serve(args)
    except graph.IniError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ValueError as exc:  # a bad option value (--trace-to, --choose)
        print(f"{parser.prog} {args.command}: {exc}", file=sys.stderr)
        return 2


def run_inspect(path: str, name: str | None, as_json: bool) -> int:
    ini = graph.read_ini(path)
    if name is None:
        print(json.dumps(ini.to_json(), indent=2) if as_json else tree.render_ini(ini))
    elif as_json:
        print(json.dumps(graph.load_graph(path, name, ini=ini).to_json(), indent=2))
    else:
        print(tree.render_graph(graph.load_graph(path, name, ini=ini), ini.errors))
    return 0


def run_which(args: argparse.Namespace) -> int:
    """Print, in plain words, the path `METHOD PATH` would take through the file's graph."""
    try:
        choices = resolve.parse_choices(args.choose)
    except ValueError as exc:
        raise ValueError(f"--choose {exc}") from None
    ini = graph.read_ini(args.file)
    name = graph.pick_entry(args.file, args.name, ini)
    found = graph.load_graph(args.file, name, ini=ini).to_json()
    path = args.path if args.path.startswith("/") else "/" + args.path
    result = resolve.resolve(found, args.method, path, args.host, choices)
    print("\n".join(resolve.describe(result)))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    # NOTE: eventlet is imported (and the stdlib patched) only here, so `inspect` and the
    # dashboard's upload view, which share stack.graph, never pay for it. Its deprecation
    # banner is silenced: serving on eventlet is the point, it is what OpenStack runs.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    from stack import server

    return server.serve(
        args.file,
        name=args.name,
        host=args.host,
        port=args.port,
        trace_to=args.trace_to,
        access_log=not args.no_access_log,
    )


if __name__ == "__main__":
    sys.exit(main())
