"""`POST /api/inis` and the uploaded ini's page: read, never run; refused with a reason."""

from __future__ import annotations

import re

from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import multipart
from tests.dashboard.uploading import upload
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask


def test_nova_is_read_and_drawn_with_its_entries(dashboard):
    status, _, doc = upload(dashboard, NOVA.name, NOVA.read_bytes())
    assert status == 200
    assert doc["id"] and doc["file"] == "nova-api-paste.ini"
    assert "composite:osapi_compute" in doc["entries"]
    assert {g["entry"] for g in doc["graphs"]} >= {"composite:osapi_compute"}
    page = dashboard.get(f"/inis/{doc['id']}?entry=composite:osapi_compute")[2]
    assert 'data-node="composite:osapi_compute"' in page
    assert 'data-node="filter:keystonecontext"' in page and 'data-node="filter:noauth"' in page
    partial = dashboard.get(f"/inis/{doc['id']}", headers=HTMX)[2]
    assert "<html" not in partial and "data-node=" in partial
    status, _, page = dashboard.get(f"/inis/{doc['id']}?entry=composite:nope")
    assert status == 404 and "no entry" in page


def test_the_entry_shown_first_among_several_says_why_it_is(dashboard):
    doc = upload(dashboard, "glance-api-paste.ini",
                 (INI_DATA / "glance-glance-api-paste.ini").read_bytes())[2]
    assert len(doc["entries"]) > 1
    said = "shown first: the one with the most sections"
    assert said in dashboard.get(f"/inis/{doc['id']}")[2]
    assert said not in dashboard.get(f"/inis/{doc['id']}?entry={doc['entries'][0]}")[2]


def test_an_unreadable_ini_is_refused_with_its_line(dashboard):
    status, _, answer = upload(dashboard, "broken.ini", b"[app:main]\nuse = egg:x\nno equals\n")
    assert status == 400
    assert answer["line"] == 3
    assert answer["error"].startswith("broken.ini:3:")


def test_an_upload_over_one_mib_is_refused_saying_how_large_it_is(dashboard):
    status, _, answer = upload(dashboard, "huge.ini", b"# x\n" * (300 * 1024))
    assert status == 413
    # Refused on its Content-Length, before it is read: the body's size, the file's and more.
    assert answer["error"] == ("upload refused: the file is about 1.2 MiB (the upload's size); "
                               "the limit is 1 MiB")
    assert dashboard.get("/api/traces?limit=1")[0] == 200
    # Read up to the limit: its size exactly, in bytes where one decimal would say 1.0 MiB.
    status, _, answer = upload(dashboard, "over.ini", b"#" * (1024 * 1024 + 10_000))
    assert status == 413
    assert answer["error"] == ("upload refused: over.ini: the file is 1,058,576 bytes; the "
                               "limit is 1,048,576 bytes")


def test_other_bad_uploads(dashboard):
    status, _, answer = upload(dashboard, "a.ini", b"[app:main]\n", field="other")
    assert (status, answer["error"]) == (400, "no field 'file' (the form sent 'other'): send "
                                              "the ini as multipart/form-data field 'file'")
    body, headers = multipart("a.ini", b"[app:main]\n")
    closing = f"--{headers['Content-Type'].split('=', 1)[1]}--\r\n".encode()
    part = body.removesuffix(closing)  # one part, up to the closing boundary
    for sent, said in ((body[:-20], "no part of the multipart body could be read (cut short, or "
                                    "malformed): send the ini as multipart/form-data field 'file'"),
                       (part + part + closing, "send one file in field 'file', not 2")):
        status, _, answer = dashboard.post("/api/inis", raw=sent, headers=headers)
        assert (status, answer["error"]) == (400, said)
    status, _, answer = upload(dashboard, "latin.ini", "[app:main]\n# caf\xe9\n".encode("latin-1"))
    assert status == 400 and answer["line"] == 2
    # Cited as its other errors are, and as `python -m stack inspect` cites the same file.
    assert answer["error"] == ("latin.ini:2: not UTF-8 text: byte 0xe9 at column 6 "
                               "(save the file as UTF-8)")
    status, _, answer = dashboard.post("/api/inis", {"file": "x"})
    assert status == 400 and answer["line"] is None


def test_a_utf16_ini_is_refused_saying_it_is_utf16(dashboard):
    """As a Windows editor saves "Unicode" text: named, not by its first byte (0xff)."""
    text = "[app:main]\r\nuse = egg:demo#app\r\n".encode("utf-16")
    status, _, answer = upload(dashboard, "windows.ini", text)
    assert status == 400 and answer["line"] == 1
    assert answer["error"] == (
        "windows.ini:1: UTF-16 text, not UTF-8: the file starts with UTF-16's byte-order mark "
        f"({' '.join(f'{b:#04x}' for b in text[:2])}), as Windows editors save \"Unicode\" "
        "text; Pastescope reads files as UTF-8, as PasteDeploy reads an ini: save it as UTF-8 "
        "(or ASCII)")


def test_an_ini_whose_values_blow_up_is_refused_with_its_line(dashboard):
    # 470 bytes of `%(name)s` naming values five times over, nine levels deep: ConfigParser
    # would build ~20 MB for `doc` (and the dashboard keep it). Refused at once instead (the
    # test's time limit is what a blow-up would hit).
    text = "[DEFAULT]\nv0 = xxxxxxxxxx\n" + "".join(
        f"v{n} = " + f"%(v{n - 1})s" * 5 + "\n" for n in range(1, 10)
    ) + "[app:main]\nuse = egg:A#a\ndoc = %(v9)s\n"
    status, _, answer = upload(dashboard, "blow-up.ini", text.encode())
    assert (status, answer["line"]) == (400, 8)
    assert "option 'v6' grows too large through %(name)s interpolation" in answer["error"]
    assert dashboard.get("/api/stacks")[0] == 200


def test_a_service_config_in_place_of_its_ini_is_asked_about(dashboard):
    status, _, doc = upload(dashboard, "nova.conf", b"[DEFAULT]\ndebug = true\n[api]\nx = 1\n")
    assert status == 200 and doc["entries"] == []
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    assert ("is this the service&#39;s own config (nova.conf…) rather than its api-paste.ini?"
            in page)


def test_an_upload_no_longer_kept_links_to_the_upload_form(dashboard):
    status, _, page = dashboard.get("/inis/0123456789ab")
    assert status == 404
    said = " ".join(shown(page.split('<section class="error-page"')[1].split("</section>")[0]
                          .split(">", 1)[1]).split())
    assert said == ("404 Not Found no uploaded ini '0123456789ab' (uploads are kept for a "
                    "while, then forgotten) Upload the file again, or open one of the uploads "
                    "kept")
    assert '<a href="/inis">Upload the file again' in page


#: What every answer about an upload no longer kept says, and the way on it offers.
FORGOTTEN = ("no uploaded ini '0123456789ab' (uploads are kept for a while, then forgotten)")
UPLOAD_AGAIN = {"href": "/inis", "text": "Upload the file again, or open one of the uploads kept"}


def test_every_answer_about_an_upload_no_longer_kept_links_to_the_upload_form(dashboard):
    """The entry picker's answer (htmx), "which" asked in the page's form (htmx) and by a
    script (JSON) say what the page says, and offer the same way on."""
    status, _, fragment = dashboard.get("/inis/0123456789ab?entry=composite:x", headers=HTMX)
    assert status == 404 and "<html" not in fragment
    assert shown(fragment) == f"{FORGOTTEN} {UPLOAD_AGAIN['text']}"
    assert '<a class="next-step" href="/inis">Upload the file again' in fragment

    question = (("ini", "0123456789ab"), ("path", "/"))
    status, _, form = ask(dashboard, *question, headers=HTMX)
    assert status == 200
    error = form.split('<p class="which-error" role="alert">')[1].split("</p>")[0]
    assert shown(error) == f"ini: {FORGOTTEN} {UPLOAD_AGAIN['text']}"
    assert '<a class="next-step" href="/inis">Upload the file again' in error

    status, _, answer = ask(dashboard, *question)
    assert status == 404
    assert answer == {"error": f"ini: {FORGOTTEN}", "next_step": UPLOAD_AGAIN}


def test_an_upload_named_with_a_percent_is_read_and_named_as_given(dashboard):
    """An upload's name is only a label: PasteDeploy would refuse a file on disk so named
    (tests/stack/test_cli_inspect.py), but an upload is in no folder, and its `%(__file__)s`
    reads `%(here)s/NAME`, as its `%(here)s` reads `%(here)s`."""
    text = b"[app:main]\nuse = egg:A#a\nconfig = %(__file__)s\n[filter:auth]\nuse = egg:A#b\n"
    for name in ("a%b.ini", "100%.ini"):
        status, _, doc = upload(dashboard, name, text)
        assert status == 200, doc
        assert (doc["file"], doc["entries"], doc["errors"]) == (name, ["app:main"], [])
        assert doc["graphs"][0]["nodes"][0]["conf"] == {"config": f"%(here)s/{name}"}
        assert doc["unused"] == [{"section": "filter:auth", "line": 4}]
        page = dashboard.get(f"/inis/{doc['id']}")[2]
        assert f"<h2>{name}</h2>" in page and f"%(here)s/{name}" in shown(page)
        assert name in shown(dashboard.get("/inis")[2])  # the uploads kept, by name
        status, _, answer = ask(dashboard, ("ini", doc["id"]), ("path", "/"))
        assert (status, answer["source"]["file"], answer["hops"][0]["node"]) == (
            200, name, "app:main")


def test_the_same_file_uploaded_again_keeps_its_id_and_is_listed_once(dashboard):
    """Same name and bytes: the upload kept, its time the latest; another name or other
    bytes: another upload, the first still listed and answering."""
    first = uploaded(dashboard, "again.ini", "[app:main]\nuse = egg:a\n")
    changed = uploaded(dashboard, "again.ini", "[app:main]\nuse = egg:b\n")
    renamed = uploaded(dashboard, "again-copy.ini", "[app:main]\nuse = egg:a\n")
    assert uploaded(dashboard, "again.ini", "[app:main]\nuse = egg:a\n") == first
    assert len({first, changed, renamed}) == 3
    page = dashboard.get("/inis")[2]
    assert page.count(f'data-ini="{first}"') == 1
    listed = re.findall(r'data-ini="(\w+)"', page)
    assert listed[:3] == [first, renamed, changed]  # newest first: the one uploaded again
    assert dashboard.get(f"/inis/{first}")[0] == 200


def test_nothing_kept_of_an_upload_tells_its_secrets(dashboard):
    """The store keeps the redacted document, never the text; an upload's digest was of the
    text, so anyone with the data folder could test guesses at a password against it. Of the
    document, it holds nothing of a secret's value: a file that differs in a password alone
    is the same upload, drawn the same."""
    ini = "[app:main]\nuse = egg:a\nadmin_password = {}\n"
    first = uploaded(dashboard, "secret.ini", ini.format("hunter2"))
    assert uploaded(dashboard, "secret.ini", ini.format("correct horse")) == first
    page = dashboard.get("/inis")[2]
    assert page.count(f'data-ini="{first}"') == 1
