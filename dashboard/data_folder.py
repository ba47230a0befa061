"""The dashboard's data folder (`--data`) and its SQLite file, refused in words an operator
acts on when they cannot be used.

The data folder is the one path a user gives the dashboard: a file where the folder should
be, or a file in it that is not a store (another program's, cut short, damaged), is said in
one line naming it, never with a traceback. Nothing there is deleted or rewritten to make
room: what the user kept may be worth more than a fresh store, so the user moves it aside.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: SQLite's error names for a file that cannot be opened or written where it is, rather than
#: one whose content is not a store: moving such a file aside would not help.
NOT_THE_CONTENT = ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_READONLY", "SQLITE_BUSY",
                   "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_FULL", "SQLITE_AUTH")


class DataUnusable(ValueError):
    """The data folder or its store cannot be used; the message says which and what to do."""


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
    if getattr(exc, "sqlite_errorname", "").startswith(NOT_THE_CONTENT):
        return DataUnusable(f"cannot open {path}: {exc}")
    return DataUnusable(
        f"{path} cannot be read as the dashboard's store ({exc}): it is damaged, or another "
        f"program's file. Move it aside (with its -wal and -shm files, if any) and start "
        f"again to begin a new one, or give another --data folder")
