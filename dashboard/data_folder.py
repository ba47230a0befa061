"""The dashboard's data folder (`--data`) and its SQLite file, refused in words an operator
acts on when they cannot be used.

The data folder is the one path a user gives the dashboard: a file where the folder should
be, a file in it that is not a store (another program's, cut short, damaged), or a store
another process keeps locked, is said in one line naming it, never with a traceback. Nothing
there is deleted or rewritten to make room: what the user kept may be worth more than a fresh
store, so the user moves it aside.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: SQLite's error names for a file that cannot be opened or written where it is, rather than
#: one whose content is not a store: moving such a file aside would not help.
NOT_THE_CONTENT = ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_READONLY", "SQLITE_LOCKED",
                   "SQLITE_IOERR", "SQLITE_FULL", "SQLITE_AUTH")
#: SQLite's error name for a file whose lock another connection held for longer than opening
#: or writing it waits (the busy timeout, 5 s). That connection is another process's: the
#: dashboard writes through one connection of its own, one write at a time, so it never
#: waits for a lock it holds itself.
IN_USE = "SQLITE_BUSY"


class DataUnusable(ValueError):
    """The data folder or its store cannot be used; the message says which and what to do."""


class StoreInUse(Exception):
    """A write to the store of a running dashboard waited for longer than the store waits
    (`TraceStore.busy_timeout_s`) while another process kept it locked; the message names the
    store. Nothing of that write was kept; the store is usable again once the lock goes."""


def make_data_folder(folder: Path) -> None:
    """Make `folder` (and its parents) if missing; DataUnusable when it cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        in_the_way = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()),
                          None)
        if in_the_way == folder:
            raise DataUnusable(f"--data {folder} is a file, not a folder: name a folder (it is "
                               "made if missing)") from None
        if in_the_way is not None:
            raise DataUnusable(f"--data {folder} cannot be made: {in_the_way} is a file, not a "
                               "folder") from None
        raise
    except OSError as exc:
        raise DataUnusable(f"--data {folder} cannot be made: {exc.strerror}") from None


def unusable_store(path: str, exc: sqlite3.Error) -> DataUnusable:
    """Why the SQLite file at `path` cannot be the store, from the error opening it raised."""
    if is_in_use(exc):
        # NOTE: said as "cannot open …: database is locked", it left the user to guess by
        # whom, and what to do; a dashboard sharing the folder holds it a moment only.
        return DataUnusable(f"{in_use(path, exc)}. Wait for it to finish and start again, or "
                            "give this dashboard its own --data folder")
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(NOT_THE_CONTENT):
        return DataUnusable(f"cannot open {path}: {exc}")
    return DataUnusable(
        f"{path} cannot be read as the dashboard's store ({exc}): it is damaged, or another "
        f"program's file. Move it aside (with its -wal and -shm files, if any) and start "
        f"again to begin a new one, or give another --data folder")


def is_in_use(exc: sqlite3.Error) -> bool:
    """Whether `exc` says another connection kept the store locked (`IN_USE`)."""
    return getattr(exc, "sqlite_errorname", "").startswith(IN_USE)


def in_use(path: str, exc: sqlite3.Error) -> str:
    """`PATH is in use by another process, …`: who may hold the store `exc` found locked, said
    alike on starting and while the dashboard runs."""
    return (f"{path} is in use by another process, which kept it locked while this dashboard "
            f"waited ({exc}): another dashboard on the same --data, or another program with it "
            "open")
