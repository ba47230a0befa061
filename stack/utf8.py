"""Reading a file's bytes as UTF-8, and saying where they are not.

An ini, a lesson and a file of saved requests are read the same way, from disk or from an
upload; one saved as Latin-1 or Windows-1252 usually fails on one accented letter. Its line and
column let an editor go straight to it, where a byte offset would not.
"""

from __future__ import annotations


class NotUtf8(ValueError):
    """Bytes that are not UTF-8: `line` and `column` (in characters, from 1) of the first."""

    def __init__(self, byte: int, line: int, column: int) -> None:
        super().__init__(f"not UTF-8 text: byte {byte:#04x} at column {column} "
                         "(save the file as UTF-8)")
        self.line = line
        self.column = column


def utf8_text(data: bytes) -> str:
    """`data` as UTF-8 text; NotUtf8 saying where it is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8")) + 1
        raise NotUtf8(data[exc.start], data.count(b"\n", 0, exc.start) + 1, column) from None
