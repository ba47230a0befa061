"""An upload the dashboard no longer has: what every answer about one says, and the way on.

Uploads are kept for a while, then forgotten; a page may also name one uploaded to another
dashboard, or to this one before it was given another store. The uploaded file's page
(`dashboard.uploads`, and its entry picker, for htmx) and "which" (`dashboard.which`, asked in
that page's form or by a script) say it in these words and offer the upload form, where the
uploads still kept are listed too: a page left open overnight otherwise answered with no way on.
"""

from __future__ import annotations

from flask import url_for


def forgotten_words(ini_id: str) -> str:
    """That upload `ini_id` is not kept, and why that happens."""
    return f"no uploaded ini {ini_id!r} (uploads are kept for a while, then forgotten)"


def upload_again() -> dict[str, str]:
    """The way on (an error's `next_step`, `dashboard.errors`): the upload form."""
    return {"href": url_for("uploads.upload_page"),
            "text": "Upload the file again, or open one of the uploads kept"}
