"""A file that cannot be read at all, uploaded and inspected: the upload's 400 is `inspect
--json`'s document of the same file, with the `error` and `line` every upload refusal has, so a
script reads where and why by the same names (`file`; each error's `section`, `line`, `error`)
whichever it ran, and whether the file was refused whole or some of its sections were."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.dashboard.uploading import upload

#: Files refused whole, as written: each as `inspect` and the upload name its line.
UNREADABLE = {
    "badline.ini": b"[app:a]\nuse = egg:Paste#static\nthis line has no equals\n",
    "dupsection.ini": b"[app:a]\nuse = egg:Paste#static\n[app:a]\nuse = egg:Paste#static\n",
    "before.ini": b"x = 1\n[app:a]\nuse = egg:Paste#static\n",
    "binary.ini": b"[app:a]\n\xda\xff\x00\x13\n",
}
#: A file read, whose one section PasteDeploy would refuse (no `use`, no factory): a 200.
NO_USE = b"[app:a]\ndocument_root = /tmp\n"


def inspected(tmp_path, name: str, content: bytes) -> tuple[int, dict]:
    path = tmp_path / name
    path.write_bytes(content)
    done = run_cli("inspect", str(path), "--json")
    return done.returncode, json.loads(done.stdout)


@pytest.mark.parametrize("name", UNREADABLE)
def test_an_unreadable_upload_answers_inspect_s_document_of_it(dashboard, tmp_path, name):
    code, doc = inspected(tmp_path, name, UNREADABLE[name])
    assert code == 2
    [error] = doc["errors"]
    status, _, refused = upload(dashboard, name, UNREADABLE[name])
    assert status == 400
    assert refused == {**doc, "error": f"{name}:{error['line']}: {error['error']}",
                       "line": error["line"]}
    assert (refused["file"], refused["errors"][0]["section"]) == (name, None)


def test_a_file_read_with_a_refused_section_names_its_errors_alike(dashboard, tmp_path):
    code, doc = inspected(tmp_path, "nouse.ini", NO_USE)
    assert code == 0
    status, _, answer = upload(dashboard, "nouse.ini", NO_USE)
    assert status == 200
    assert (answer["file"], answer["errors"]) == (doc["file"], doc["errors"]) == (
        "nouse.ini", [{"section": "app:a", "line": 1, "error": "no factory: needs `use = …` or "
                       "paste.app_factory or paste.composite_factory"}])
