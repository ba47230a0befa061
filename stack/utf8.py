"""Reading a file's bytes as UTF-8, and saying where they are not.

An ini, a lesson and a file of saved requests are read the same way, from disk or from an
upload; one saved as Latin-1 or Windows-1252 usually fails on one accented letter. Its line and
column let an editor go straight to it, where a byte offset would not.
"""

from __future__ import annotations

import codecs

#: Byte-order marks of the encodings a Windows editor saves "Unicode" text in, UTF-32's first:
#: UTF-16 LE's mark begins UTF-32 LE's.
BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class NotUtf8(ValueError):
    """Bytes that are not UTF-8: `line` and `column` (in characters, from 1) of the first."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def utf8_text(data: bytes) -> str:
    """`data` as UTF-8 text; NotUtf8 saying where it is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        for bom, encoding in BOMS:
            if data.startswith(bom):
                # Said by name: its first byte ("byte 0xff at column 1") tells no one what to
                # do. PasteDeploy opens an ini as UTF-8 and fails on that same byte.
                raise NotUtf8(f"{encoding} text, not UTF-8: the file starts with {encoding}'s "
                              f"byte-order mark ({' '.join(f'{b:#04x}' for b in bom)}), as "
                              "Windows editors save \"Unicode\" text; Pastescope reads files "
                              "as UTF-8, as PasteDeploy reads an ini: save it as UTF-8 (or "
                              "ASCII)", 1, 1) from None
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8")) + 1
        raise NotUtf8(f"not UTF-8 text: byte {data[exc.start]:#04x} at column {column} (save "
                      "the file as UTF-8)", data.count(b"\n", 0, exc.start) + 1, column) from None
