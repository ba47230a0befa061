"""The Pastescope dashboard: a Flask app that ingests trace events and draws them live.

Data flows one way — a stack posts events → `ingest` → `feed` → `stream` → browser — while
`writer` keeps them in `store` beside that path, so neither waits on the other. Each part can
be read, tested and replaced on its own. `create_app` wires the parts with one `init_app`
each, the flaskr way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from dashboard import auth
from dashboard import bundles
from dashboard import compare
from dashboard import feed
from dashboard import glossary
from dashboard import ingest
from dashboard import lessons
from dashboard import presenter
from dashboard import refusals
from dashboard import repeat
from dashboard import sender
from dashboard import steps
from dashboard import store
from dashboard import stream
from dashboard import traces
from dashboard import upload_diff
from dashboard import uploads
from dashboard import views
from dashboard import which
from dashboard import writer

#: The repository root: templates/ and static/ live beside the package.
ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    # Where the SQLite store lives (relative paths are relative to the working directory).
    "DATA_DIR": "data",
    # Retention: the store keeps at most this many traces, none older than this many seconds.
    "MAX_TRACES": 10_000,
    "MAX_AGE_S": 24 * 3600,
    # Largest event batch a stack may post, and largest ini a browser may upload.
    "MAX_INGEST_BYTES": 8 * 1024 * 1024,
    "MAX_UPLOAD_BYTES": 1024 * 1024,
    # Largest saved-requests file one may load: parsed whole, it takes ~10x this in memory.
    "MAX_IMPORT_BYTES": 8 * 1024 * 1024,
    # Live stream: messages kept for Last-Event-ID resume, messages queued per browser before
    # that browser is cut off (it reconnects and resumes), seconds between keep-alives.
    "STREAM_HISTORY": 512,
    "STREAM_CLIENT_QUEUE": 128,
    "STREAM_KEEPALIVE_S": 10.0,
    # New requests are pushed to browsers at most once per this many milliseconds.
    "FEED_COALESCE_MS": 25,
    # Per-box figures are recomputed at most once per this many seconds.
    "FEED_FIGURES_S": 1.0,
    # Time limit for a request sent from the page to a stack.
    "SEND_TIMEOUT_S": 10.0,
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build a dashboard app; `test_config` overrides `DEFAULTS` (a temporary DATA_DIR…)."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(DEFAULTS)
    if test_config is not None:
        app.config.from_mapping(test_config)
    auth.init_app(app)
    store.init_app(app)
    stream.init_app(app)
    feed.init_app(app)
    writer.init_app(app)
    refusals.init_app(app)
    ingest.init_app(app)
    sender.init_app(app)
    repeat.init_app(app)
    lessons.init_app(app)
    steps.init_app(app)
    presenter.init_app(app)
    traces.init_app(app)
    compare.init_app(app)
    bundles.init_app(app)
    uploads.init_app(app)
    upload_diff.init_app(app)
    views.init_app(app)
    which.init_app(app)
    glossary.init_app(app)
    return app
