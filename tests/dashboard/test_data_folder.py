"""`python -m dashboard` given a --data or --port it cannot use says so in one line, naming the
path or port, and exits 2; a file where its store should be is left as it was."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import ROOT

#: What the dashboard says of a store file it cannot read, after the file's path.
UNREADABLE = ("cannot be read as the dashboard's store ({}): it is damaged, or another "
              "program's file. Move it aside (with its -wal and -shm files, if any) and start "
              "again to begin a new one, or give another --data folder\n")


def start(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=30)


def test_a_file_given_as_the_data_folder_is_named(tmp_path):
    file = tmp_path / "api-paste.ini"
    file.write_text("[app:main]\n")
    said = start("--port", "0", "--data", str(file))
    assert (said.returncode, said.stdout, said.stderr) == (
        2, "", f"python -m dashboard: --data {file} is a file, not a folder: name a folder (it "
        "is made if missing)\n")
    said = start("--port", "0", "--data", str(file / "sub"))
    assert (said.returncode, said.stdout, said.stderr) == (
        2, "", f"python -m dashboard: --data {file / 'sub'} cannot be made: {file} is a file, "
        "not a folder\n")
    assert file.read_text() == "[app:main]\n"


def truncated_store(path):
    """A store with a few uploads in it, cut to half its size, as a full disk leaves one."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE inis (id TEXT PRIMARY KEY, created REAL NOT NULL, doc TEXT)")
        db.executemany("INSERT INTO inis VALUES (?, 0, ?)",
                       [(str(n), "x" * 4000) for n in range(20)])
    db.close()
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def foreign_store(path):
    """Another program's SQLite file, with a table the store's name."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE traces (x)")
    db.close()


@pytest.mark.parametrize(("make", "error"), [
    (lambda path: path.write_bytes(bytes(range(256)) * 20), "file is not a database"),
    (truncated_store, "database disk image is malformed"),
    (foreign_store, "no such column: started"),
], ids=["random", "truncated", "foreign"])
def test_a_store_it_cannot_read_is_named_and_left_as_it_was(tmp_path, make, error):
    store = tmp_path / "pastescope.sqlite3"
    make(store)
    kept = store.read_bytes()
    said = start("--port", "0", "--data", str(tmp_path))
    assert (said.returncode, said.stdout, said.stderr) == (
        2, "", f"python -m dashboard: {store} {UNREADABLE.format(error)}")
    assert store.read_bytes() == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pastescope.sqlite3"]


@pytest.mark.parametrize("port", ["-1", "65536", "74336"])
def test_a_port_out_of_range_is_refused_not_wrapped(tmp_path, port):
    said = start("--port", port, "--data", str(tmp_path))
    assert (said.returncode, said.stdout, said.stderr) == (
        2, "", f"python -m dashboard: cannot listen on 127.0.0.1:{port}: port must be "
        "0-65535\n")
