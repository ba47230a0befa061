"""What of a "which" question an uploaded ini's page address, and the links on it, may hold: all
but its secret headers (`X-Auth-Token`…), which go into no address, and which a page opened
at an address that holds one (a bookmark made before 0.2.36) shows redacted.

Apart from `dashboard.which`, which answers the question: the page (`dashboard.uploads`) and
the console's request log (`dashboard.__main__`) read a question's address too.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from werkzeug.datastructures import MultiDict

from stack.http_token import redacted_line

#: What an uploaded ini's page address keeps of a question (`page_url`); `all` draws every branch
#: (`dashboard.diagram_fold`), so an answer asked there leaves it drawn whole.
QUESTION = ("entry", "method", "path", "host", "header", "choose", "all")


def secret_header(line: str) -> str | None:
    """The name of the header a question's `NAME: VALUE` line gives, when its value is a
    secret by the rules the stack redacts a request's headers by (`stack.redact_environ`,
    DESIGN.md's list: `X-Auth-Token`, a name ending in `key` or `pass`, a `Referer`'s
    `?token=`…): one `http_token.redacted_line` redacts; else None."""
    return None if redacted_line(line) == line else line.partition(":")[0].strip()


def public_question(args: MultiDict) -> MultiDict:
    """The query `args` but for its secret header lines (`secret_header`): what an address
    made of it keeps, where an operator's real key stayed for anyone after, in the browser's
    history, on a screen shared or a projector."""
    public = args.copy()
    if "header" in public:
        public.setlist("header", [line for line in args.getlist("header")
                                  if secret_header(line) is None])
    return public


def page_url(args: Any) -> str:
    """The uploaded ini's page asking the question `args` asks (`ini=ID` as the page's id),
    but for its secret headers (`public_question`): the address an answer pushes into the
    address bar (`HX-Push-Url`), and the one a page opened at an address holding a secret
    puts there instead (`dashboard.which.form_context`). The page says it left them out."""
    question = public_question(args)
    return url_for("uploads.ini_page", ini_id=args["ini"],
                   **{key: question.getlist(key) for key in QUESTION if key in question})
