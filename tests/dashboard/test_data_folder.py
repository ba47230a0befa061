"""`python -m dashboard` given a --data or --port it cannot use says so in one line, naming the
path or port, and exits 2; a file where its store should be is left as it was. Started, it
names the data folder in full."""

from __future__ import annotations

import re
import sqlite3

import pytest

from dashboard.store import TraceStore
from tests.dashboard.servers import ServerProcess
from tests.dashboard.servers import start
from tests.dashboard.store_locks import locked

#: What the dashboard says of a store file it cannot read, after the file's path.
UNREADABLE = ("cannot be read as the dashboard's store ({}): it is damaged, or another "
              "program's file. Move it aside (with its -wal and -shm files, if any) and start "
              "again to begin a new one, or give another --data folder\n")


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


def test_a_store_another_process_keeps_locked_is_said_in_use(tmp_path):
    """Another connection holds the store's write lock for longer than opening it waits: it
    is in use, not damaged, and the dashboard says what to do, not "database is locked"."""
    store = tmp_path / "pastescope.sqlite3"
    TraceStore(store).close()  # a dashboard's store, as one left it
    with locked(store):
        said = start("--port", "0", "--data", str(tmp_path))
    assert (said.returncode, said.stdout, said.stderr) == (
        2, "", f"python -m dashboard: {store} is in use by another process, which kept it "
        "locked while this dashboard waited (database is locked): another dashboard on the "
        "same --data, or another program with it open. Wait for it to finish and start "
        "again, or give this dashboard its own --data folder\n")


@pytest.mark.parametrize("port", ["-1", "65536", "74336"])
def test_a_port_out_of_range_is_refused_not_wrapped(tmp_path, port):
    said = start("--port", port, "--data", str(tmp_path))
    assert (said.returncode, said.stdout, said.stderr) == (
        2, "", f"python -m dashboard: cannot listen on 127.0.0.1:{port}: port must be "
        "0-65535\n")


def test_the_default_data_folder_is_named_in_full_as_it_starts(tmp_path):
    """`./data` is the folder started from: said as given (`data in data`), a dashboard
    started from another folder showed no traces with nothing to say where it kept them."""
    started = ServerProcess("dashboard", ["-m", "dashboard", "--port", "0"], cwd=tmp_path)
    try:
        line = started.wait_for_line("Pastescope dashboard on ")
    finally:
        started.stop()
    folder = tmp_path.resolve() / "data"
    assert re.fullmatch(rf"Pastescope dashboard on http://127\.0\.0\.1:\d+ \(data in "
                        rf"{re.escape(str(folder))}\)", line), line
    assert (folder / "pastescope.sqlite3").is_file()
