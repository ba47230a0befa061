"""`python -m dashboard [--host 127.0.0.1] [--port 5000] [--data DIR]` — serve the dashboard.

Retention: `--max-traces N` (default 10000) and `--max-age SECONDS` (default a day), applied
every second while it serves, whether traces arrive or not (`dashboard.retention`).
Beyond loopback (`--host 0.0.0.0`, for a class), changing anything needs the teacher's token:
`--token`, else `$PASTESCOPE_TOKEN`, else a new one, printed with the URL the teacher opens
and the command a stack reporting here runs with it.

Served by werkzeug's threaded WSGI server: a thread per connection suits Server-Sent Events
(each watching browser holds one connection open) and needs no dependency beyond Flask; see
tests/bench/bench_live.py for what it sustains. It listens on loopback unless told otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import sys
from urllib.parse import quote_plus
from urllib.parse import unquote_plus

from werkzeug.serving import LISTEN_QUEUE
from werkzeug.serving import WSGIRequestHandler
from werkzeug.serving import get_sockaddr
from werkzeug.serving import make_server
from werkzeug.serving import select_address_family

from dashboard import DEFAULTS
from dashboard import create_app
from dashboard.auth import stack_command
from dashboard.auth import teacher_token
from dashboard.auth import teacher_url
from dashboard.data_folder import DataUnusable
from dashboard.ingest import ANNOUNCE_PATH
from dashboard.refusals import REFUSED
from dashboard.retention import RetentionTimer
from dashboard.which_address import secret_header
from stack.host_url import address
from stack.host_url import bare
from stack.host_url import every_address
from stack.host_url import reachable_url
from stack.http_token import MAX_PORT
from stack.redact import REDACTED
from stack.redact_url import QUERY_PAIR
from stack.redact_url import VALUE_SAFE
from stack.redact_url import WHITESPACE
from stack.redact_url import request_line
from stack.wire import TOKEN_ENV

#: An announcement's refusals as the request log writes statuses (`dashboard.refusals`).
REFUSED_CODES = frozenset(map(str, REFUSED))


class DashboardRequestHandler(WSGIRequestHandler):
    """Logs failed requests only (stacks post batches many times a second), and sends what a
    response writes in one TCP segment, at once.

    werkzeug writes each message of a live stream in four pieces (chunk size, CRLF, data,
    CRLF) and flushes after each message. Unbuffered, that is four syscalls and four small
    segments, the later ones held back by Nagle's algorithm until the first is acknowledged;
    buffered until the flush, with Nagle off, it is one syscall and one segment, sent at once.
    """

    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def handle_expect_100(self) -> bool:
        """Answer `Expect: 100-continue` at once: the client waits for it to send its body."""
        answered = super().handle_expect_100()
        self.wfile.flush()
        return answered

    def finish(self) -> None:
        """Close the connection, quietly when the client went away with an answer buffered."""
        try:
            super().finish()
        except ConnectionError:
            self.rfile.close()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log a 4xx or 5xx, but an announcement's refusal (401, 403, 409): a refused stack
        asks again every 5 s, and `dashboard.refusals` says once which stack it refused and
        why. Its secrets redacted (`console_line`): werkzeug writes the request's target as it
        came (`path`, or the whole `requestline` where the line could not be read), on a
        console a class may watch."""
        code = str(code)
        if code[:1] not in ("4", "5") or (code in REFUSED_CODES and self.path == ANNOUNCE_PATH):
            return
        sent = {name: getattr(self, name)
                for name in ("path", "requestline") if hasattr(self, name)}
        for name, text in sent.items():
            setattr(self, name, console_line(text))
        try:
            super().log_request(code, size)
        finally:
            for name, text in sent.items():
                setattr(self, name, text)


def console_line(line: str) -> str:
    """A request line, or its target, as the console shows it: redacted as a stack's access log
    is (`redact_url.request_line`), and so is a `header=NAME: VALUE` parameter's value whose
    header is a secret (`which_address.secret_header`), as `/api/which` asks: `header` is no
    secret's name, and a refused question's `X-Auth-Token` was written on the console."""
    return "".join(map(_secret_headers_redacted, WHITESPACE.split(request_line(line))))


def _secret_headers_redacted(word: str) -> str:
    """A request line's word, its query's secret headers redacted (`_header_redacted`)."""
    path, mark, query = word.partition("?")
    return path + mark + QUERY_PAIR.sub(_header_redacted, query) if mark else word


def _header_redacted(pair: re.Match) -> str:
    """A query's `name=value`, its value redacted (the header's name kept) where it is a
    `header` whose header is a secret."""
    name, mark, value = pair.group("name", "mark", "value")
    header = secret_header(unquote_plus(value)) if unquote_plus(name) == "header" else None
    if header is None:
        return pair.group()
    return f"{name}{mark}{quote_plus(f'{header}: {REDACTED}', safe=VALUE_SAFE)}"


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on `host`:`port`, as werkzeug's server would open it.

    Opened here, not by `make_server`: werkzeug prints its own lines to stderr and exits when
    the port is taken, before the caller can say what went wrong in its own words.
    """
    if not 0 <= port <= MAX_PORT:
        # NOTE: checked here: getaddrinfo takes the port modulo 65536, so 74393 would listen
        # on 8857, and bind() says a negative one with an OverflowError.
        raise ValueError(f"port must be 0-{MAX_PORT}")
    family = select_address_family(host, port)
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(get_sockaddr(host, port, family))
        sock.listen(LISTEN_QUEUE)
    except BaseException:
        sock.close()
        raise
    return sock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Serve the Pastescope dashboard: it takes the events stacks send, keeps "
        "them in SQLite and draws them live. It listens on 127.0.0.1 unless --host says "
        "otherwise; beyond loopback, changing anything needs the teacher's token.",
    )
    # NOTE: brackets are a URL's, not the address's: `--host [::1]`, as `stack serve` takes it.
    parser.add_argument("--host", default="127.0.0.1", type=bare,
                        help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=5000,
                        help="port (default: %(default)s; 0: any free port)")
    parser.add_argument("--data", default="data", metavar="DIR",
                        help="folder of the SQLite store, relative to the current folder "
                        "(default: ./%(default)s)")
    parser.add_argument("--max-traces", type=int, default=DEFAULTS["MAX_TRACES"],
                        metavar="N", help="traces kept at most, checked every second; the oldest "
                        "go first (default: %(default)s)")
    parser.add_argument("--max-age", type=float, default=DEFAULTS["MAX_AGE_S"],
                        metavar="SECONDS", help="seconds a trace is kept at most, checked every "
                        "second (default: %(default).0f, a day)")
    parser.add_argument("--token", help=f"teacher's token for changes (beyond loopback: "
                        f"${TOKEN_ENV}, else a new one)")
    args = parser.parse_args(argv)
    if args.max_traces < 1 or args.max_age <= 0:
        parser.error("--max-traces and --max-age must be positive")
    token = teacher_token(args.host, args.token, os.environ.get(TOKEN_ENV))
    try:
        app = create_app({"DATA_DIR": args.data, "MAX_TRACES": args.max_traces,
                          "MAX_AGE_S": args.max_age, "TEACHER_TOKEN": token})
    except DataUnusable as exc:
        print(f"{parser.prog}: {exc}", file=sys.stderr)
        return 2
    try:
        sock = listening_socket(args.host, args.port)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        print(f"{parser.prog}: cannot listen on {address(args.host, args.port)}: {reason}",
              file=sys.stderr)
        app.extensions["pastescope.store"].close()
        return 2
    with sock:  # the server listens on a duplicate of it
        server = make_server(args.host, args.port, app, threaded=True,
                             request_handler=DashboardRequestHandler, fd=sock.fileno())
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    # NOTE: the data folder in full: `./data` is the folder started from, and a dashboard
    # started from another shows none of the traces kept where the user looks for them.
    print(f"Pastescope dashboard on {reachable_url(args.host, server.port)} "
          f"({every_address(args.host)}data in {os.path.abspath(args.data)})", flush=True)
    if token:
        print(f"Teacher's token set: changes need it. Teacher, open "
              f"{teacher_url(args.host, server.port, token)} (viewers need no token)", flush=True)
        print(f"Stacks report here only with the token in their environment: "
              f"{stack_command(args.host, server.port, token)}", flush=True)
    retention = RetentionTimer(app.extensions["pastescope.store"])
    retention.start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        retention.stop()
        # NOTE: writes first the batches already answered 202 (`dashboard.writer`)
        app.extensions["pastescope.store"].close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
