"""`stack.ini_parse` and `stack.ini_text`: a file PasteDeploy cannot read is one clear error; lines
are where they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from paste.deploy import loadwsgi

from stack import ini_parse
from stack import ini_text
from stack.ini_interpolation import MAX_VALUE
from tests.stack.conftest import chained_defaults
from tests.stack.work import references_followed


def test_lines_of_sections_and_options_skip_comments_and_continuations(tmp_path: Path) -> None:
    path = tmp_path / "api-paste.ini"
    path.write_text(
        "[DEFAULT]\nx = 1\n\n# [app:commented]\n[app:a]\nuse = egg:A#a\n"
        "long = first\n  second = not an option\nafter = 2\n"
    )
    source = ini_parse.read_file(str(path))
    assert (source.file, source.prefix, source.path) == ("api-paste.ini", None, str(path))
    assert source.line("DEFAULT", "x") == 2
    assert source.line("app:a") == 5
    assert source.line("app:commented") is None
    assert [source.line("app:a", o) for o in ("use", "long", "after")] == [6, 7, 9]
    assert source.line("app:a", "second") is None
    assert source.parser.get("app:a", "long") == "first\nsecond = not an option"


def test_an_upload_has_no_folder_and_here_is_written_back() -> None:
    source = ini_parse.read_upload("[app:a]\nuse = egg:A#a\ndata = %(here)s/data\n", "up/x.ini")
    assert (source.file, source.path) == ("x.ini", None)
    assert source.show(source.parser.get("app:a", "data")) == "%(here)s/data"
    assert source.finder.candidates(loadwsgi.APP, "a") == ["app:a"]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"key = 1\n[app:a]\n", 1, "text before the first [section]"),
        (b"[composite:main\nuse = egg:A#a\n", 1,
         "'[composite:main' looks like a section header missing its `]`"),
        (b"[app:a]\nuse = egg:A#a\n\n[app:a]\n", 4,
         "section [app:a] is defined twice (first at line 1)"),
        (b"[app:a]\nuse = egg:A#a\nuse = egg:B#b\n", 3, "option 'use' is set twice in [app:a]"),
        (b"[app:a]\nuse = egg:A#a\njust words\n", 3, "expected `name = value`"),
        (
            b"[DEFAULT]\nx = %(y)s\n[app:a]\nuse = egg:A#a\n",
            2,
            "option 'x': %(y)s names no option of [DEFAULT]",
        ),
        (b"[app:a]\nuse = egg:A#a\nname = caf\xe9\n", 3, "not UTF-8 text"),
        (b"\xef\xbb\xbf[app:a]\nuse = egg:A#a\n", 1, "byte-order mark"),
        (b"\xff\xfe" + "[app:a]\nuse = egg:A#a\n".encode("utf-16-le"), 1,
         "UTF-16 text, not UTF-8: the file starts with UTF-16's byte-order mark (0xff 0xfe)"),
        (b"\xfe\xff" + "[app:a]\n".encode("utf-16-be"), 1, "UTF-16's byte-order "
         "mark (0xfe 0xff), as Windows editors save \"Unicode\" text; Pastescope reads files "
         "as UTF-8, as PasteDeploy reads an ini: save it as UTF-8 (or ASCII)"),
        (b"\xff\xfe\x00\x00" + "[app:a]\n".encode("utf-32-le"), 1,
         "UTF-32 text, not UTF-8"),
    ],
)
def test_files_that_cannot_be_read(tmp_path: Path, content: bytes, line: int, message: str) -> None:
    path = tmp_path / "bad.ini"
    path.write_bytes(content)
    with pytest.raises(ini_text.IniError) as raised:
        ini_parse.read_file(str(path))
    assert (raised.value.file, raised.value.line) == (str(path), line)
    assert message in raised.value.message
    assert str(raised.value) == f"{path}:{line}: {raised.value.message}"


def test_missing_files_and_folders(tmp_path: Path) -> None:
    with pytest.raises(ini_text.IniError, match=r": no such file$"):
        ini_parse.read_file(str(tmp_path / "absent.ini"))
    with pytest.raises(ini_text.IniError) as raised:
        ini_parse.read_file(str(tmp_path))
    assert str(raised.value) == f"{tmp_path}: not a regular file"


def test_a_default_growing_too_large_through_interpolation_is_refused_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ten levels of five references: PasteDeploy builds 20 MB in seconds; one more, minutes.
    Refused within 2 × MAX_VALUE references followed; PasteDeploy follows 5**9 for v9 alone."""
    text = chained_defaults(levels=10, fan=5, leaf="x" * 10) + "[app:a]\nuse = egg:A#a\n"
    followed = references_followed(monkeypatch, most=2 * MAX_VALUE)
    with pytest.raises(ini_text.IniError) as raised:
        ini_parse.read_upload(text + "doc = %(v9)s\n", "blow-up.ini")
    assert str(raised.value) == (
        "blow-up.ini:8: option 'v6' grows too large through %(name)s interpolation "
        "(past 65536 characters)"
    )
    assert followed.spent  # counted: the references it followed


def test_defaults_another_file_cannot_read_refuse_that_file(tmp_path: Path) -> None:
    """The referrer's [DEFAULT] comes interpolated: `100%%` arrives as `100%`, a bad `%`."""
    (tmp_path / "other.ini").write_text("[app:main]\nuse = egg:A#a\n")
    referrer = ini_parse.read_upload("[DEFAULT]\nshare = 100%%\n", "main.ini")
    with pytest.raises(ini_text.IniError) as raised:
        ini_parse.read_other(str(tmp_path / "other.ini"), "other.ini", referrer)
    assert str(raised.value) == "other.ini: '%' must be followed by '%' or '(', found: '%'"


def test_another_files_defaults_may_name_the_referrers(tmp_path: Path) -> None:
    """PasteDeploy interpolates the other file's [DEFAULT] with the referrer's added, so
    `%(base)s` there names the referrer's `base` (it was refused: checked before adding)."""
    (tmp_path / "other.ini").write_text("[DEFAULT]\npath = %(base)s/data\n\n"
                                        "[app:main]\nuse = egg:A#a\n")
    referrer = ini_parse.read_upload("[DEFAULT]\nbase = /srv\n", "main.ini")
    other = ini_parse.read_other(str(tmp_path / "other.ini"), "other.ini", referrer)
    assert other.defaults["path"] == "/srv/data"
