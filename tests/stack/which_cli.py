"""`python -m stack which` run in the test's process (`stack.__main__.main`), with headers given
as a user gives them (`-H`), and the lines it prints read back: nova's file unless told."""

from __future__ import annotations

from pathlib import Path

from stack.__main__ import main
from tests.conftest import NOVA


def which(capsys, path: str, *headers: str, file: Path = NOVA,
          name: str | None = "osapi_compute") -> list[str]:
    """`python -m stack which FILE GET PATH` with each of `headers` (`-H`), of the section
    `name` (None: no --name, the file's own choice); the lines it prints."""
    named = ["--name", name] if name is not None else []
    args = ["which", str(file), "GET", path, *named]
    assert main(args + [arg for header in headers for arg in ("-H", header)]) == 0
    return capsys.readouterr().out.splitlines()
