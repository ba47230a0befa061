"""A file sent as a text field (`curl -F 'file=<PATH'`, not `@PATH`) is said to have come as
text, by each endpoint that takes a file: not "no field 'file'" of a form that sent one."""

from __future__ import annotations

import pytest
import requests

#: What each endpoint calls the file it takes.
ENDPOINTS = [("/api/inis", "the ini"), ("/api/traces/import", "the saved requests"),
             ("/api/lessons", "the lesson")]


@pytest.mark.parametrize(("path", "what"), ENDPOINTS)
def test_a_file_sent_as_text_is_said_to_have_come_as_text(dashboard, path, what):
    # requests sends a part with no file name as curl's `<` does: a text field.
    answer = requests.post(dashboard.url + path, files={"file": (None, "[app:main]\n")},
                           timeout=15)
    assert (answer.status_code, answer.json()["error"]) == (
        400, "field 'file' came as text, not as a file (with curl, -F 'file=@PATH' sends the "
        f"file; 'file=<PATH' sends its text): send {what} as multipart/form-data field 'file'")
