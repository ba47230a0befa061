"""`GET /api/which` reads what it is asked of from the store once for its whole answer: the
answer, the diagram drawn again for it, and (for an upload) the page address it puts in the
address bar all come from that one read, as the upload's page answering the question in its
address reads it once. An upload's document may be megabytes of JSON, read
three times an answer before; and read again, an upload forgotten or a stack's graph replaced
in between could give the answer and its drawing two different graphs."""

from __future__ import annotations

import io
from typing import Any

from dashboard.diagram_fold import MAX_BRANCHES
from tests.dashboard.many_branches import announced_with_decoys
from tests.dashboard.many_branches import many_prefixes
from tests.dashboard.servers import HTMX


def counted(app, method: str) -> list[Any]:
    """Each id the store's `method` is called with from now on (it still answers)."""
    store = app.extensions["pastescope.store"]
    read = getattr(store, method)
    calls: list[Any] = []

    def counting(key: str) -> Any:
        calls.append(key)
        return read(key)

    setattr(store, method, counting)
    return calls


def test_an_upload_answer_reads_the_upload_once(app):
    client = app.test_client()
    ini = many_prefixes(MAX_BRANCHES + 5).encode()
    posted = client.post("/api/inis", data={"file": (io.BytesIO(ini), "many.ini")})
    ini_id = posted.get_json()["id"]
    reads = counted(app, "ini")
    # Through a branch the page leaves out: the diagram is drawn again for it.
    answer = client.get("/api/which", headers=HTMX,
                        query_string={"ini": ini_id, "path": "/svc44/servers"})
    assert answer.status_code == 200
    assert answer.headers["HX-Push-Url"] == f"/inis/{ini_id}?path=/svc44/servers"
    assert 'data-node="pipeline:p44"' in answer.get_data(as_text=True)
    assert reads == [ini_id]
    # The page at that address, answering it, reads it once too.
    reads.clear()
    page = client.get(f"/inis/{ini_id}", query_string={"path": "/svc44/servers"})
    assert "GET /svc44/servers would go" in page.get_data(as_text=True)
    assert reads == [ini_id]


def test_a_stack_answer_reads_the_stack_once(app):
    client = app.test_client()
    assert client.post("/api/stacks", json=announced_with_decoys("decoys", MAX_BRANCHES)
                       ).status_code == 200
    reads = counted(app, "stack")
    answer = client.get("/api/which", headers=HTMX,
                        query_string={"stack": "decoys", "path": "/v1/items"})
    assert answer.status_code == 200
    assert 'data-node="pipeline:api"' in answer.get_data(as_text=True)
    assert reads == ["decoys"]
