"""An upload's fresh id is drawn again when it is already another upload's: ids are 48 random
bits, and the one that came up twice made the upload a 500."""

from __future__ import annotations

import io
import uuid

#: Two files that read differently, so that each is an upload of its own.
FILES = {"first.ini": b"[app:main]\nuse = egg:first\n",
         "second.ini": b"[app:main]\nuse = egg:second\n"}


def posted(client, name: str):
    return client.post("/api/inis", data={"file": (io.BytesIO(FILES[name]), name)})


def test_a_fresh_id_already_taken_is_drawn_again(app, monkeypatch):
    client = app.test_client()
    first = posted(client, "first.ini").get_json()["id"]
    # The id source repeats the first upload's id once, then draws as it does.
    draws = iter([uuid.UUID(hex=first.ljust(32, "0"))])
    drawn = uuid.uuid4
    monkeypatch.setattr(uuid, "uuid4", lambda: next(draws, None) or drawn())
    response = posted(client, "second.ini")
    assert response.status_code == 200, response.text
    second = response.get_json()["id"]
    assert second != first and next(draws, None) is None
    for ini_id, egg in ((first, "egg:first"), (second, "egg:second")):
        page = client.get(f"/inis/{ini_id}")
        assert page.status_code == 200 and egg in page.text
    listed = client.get("/inis").text
    assert listed.index(f"/inis/{second}") < listed.index(f"/inis/{first}")
