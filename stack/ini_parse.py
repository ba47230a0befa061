"""An api-paste.ini parsed as PasteDeploy parses it, or one `IniError` naming the file and line.

The graph (`stack.graph`) is built from what this module reads, so a file PasteDeploy could not
read at all stops here. The text is parsed with PasteDeploy's own `NicerConfigParser` (with its
`here`/`__file__` defaults) into a `stack.ini_text.Source`; nothing the file names is imported.
Only values are read differently: interpolated within a size limit (`stack.ini_interpolation`).
"""

from __future__ import annotations

import configparser
import os

from paste.deploy import loadwsgi

from stack.ini_interpolation import BoundedInterpolation
from stack.ini_lines import misread_cause
from stack.ini_lines import outdented
from stack.ini_lines import scan_lines
from stack.ini_lines import shown_line
from stack.ini_lines import unclosed_header
from stack.ini_text import IniError
from stack.ini_text import SectionFinder
from stack.ini_text import Source
from stack.utf8 import NotUtf8
from stack.utf8 import utf8_text

#: `here` of an uploaded file, which has no folder: `%(here)s`, escaped as a value's `%` is,
#: so a value reads `%(here)s` where it says so, and every message quoting one, whatever
#: quotes it (its repr too), shows what the file says.
_UPLOAD_HERE = "%%(here)s"
#: The defaults PasteDeploy gives every file from its path (`ConfigLoader.__init__`), each
#: interpolated as the file's values are: what part of the path holds a `%` it refuses, what
#: it gives every section, and what to rename.
_PATH_DEFAULTS = {
    "here": ("the path of the file's folder", "that path", "the folder whose name holds the '%'"),
    "__file__": ("the file's name", "the file's path", "the file without the '%'"),
}


#: What a FILE of `-` is told, unless a file is named so: the shell's "standard input" is no
#: file to read an api-paste.ini from, whose folder gives `%(here)s` and its `config:` files.
STDIN_UNREAD = ("standard input is not read: give the api-paste.ini's path (its folder is "
                "where its `config:` references and %(here)s point)")


def read_file(path: str) -> Source:
    """The api-paste.ini at `path`, parsed; its sections have no id prefix."""
    if path == "-" and not os.path.exists(path):  # "-: no such file" read as a file looked for
        raise IniError(path, None, STDIN_UNREAD)
    text = _read_text(path, path)
    here = os.path.dirname(os.path.abspath(path))
    return _parse_source(text, path, os.path.basename(path), None, here, os.path.abspath(path))


def read_upload(text: str, filename: str) -> Source:
    """An uploaded api-paste.ini, parsed: no folder, so it can name no other file to open."""
    return _parse_source(text, filename, os.path.basename(filename), None, _UPLOAD_HERE, None)


def read_other(path: str, label: str, referrer: Source) -> Source:
    """Another file a `config:` reference names, parsed; `label` names it and prefixes its ids."""
    text = _read_text(path, label)
    # NOTE: PasteDeploy adds the referrer's global_conf ([DEFAULT] and `set`s on the way) to
    # the other file's defaults; interpolation there sees the first referrer's [DEFAULT].
    return _parse_source(text, label, label, label, os.path.dirname(path), path,
                         inherited=referrer.defaults)


def interpolation_message(exc: configparser.Error, source: Source) -> str:
    """What a failed `%(name)s` interpolation of `source` means, without configparser's own
    file prefix."""
    if isinstance(exc, configparser.InterpolationMissingOptionError):
        where = f"[{exc.section}] or [DEFAULT]" if exc.section != "DEFAULT" else "[DEFAULT]"
        return (f"option {exc.option!r}: %({exc.reference})s names no option of {where}"
                f"{default_lookalike_note(source, exc.reference)}")
    said = str(exc).removeprefix(f"Error in file {source.file}: ")
    if (isinstance(exc, configparser.InterpolationSyntaxError) and said.startswith("'%' must")
            and source.line(exc.section, exc.option) is not None):
        # A URL's `%2F` or a log format's `%d`: the stdlib's words neither name the setting
        # nor say that a `%` meant as text is written `%%`. Not of a setting with no line of
        # this file: a path's `here`, a referrer's default (its `%%` arrives here as `%`).
        return f"option {exc.option!r}: {said} (a % meant as text is written %%)"
    return said


def default_lookalike_note(source: Source, name: str) -> str:
    """` (why)` where a section of `source` spelt as [DEFAULT] in other capitals (`[default]`)
    sets `name`: configparser, and so PasteDeploy, takes only `[DEFAULT]` as the defaults
    every section sees; any other spelling is a section of its own, which no section reads."""
    parser = source.parser
    for section in parser.sections():
        if section.strip().upper() == parser.default_section and name in parser.options(section):
            line = source.line(section)
            at = f" (line {line})" if line is not None else ""
            return (f" ([{section}]{at} sets {name!r}, but is an ordinary section, not "
                    f"[DEFAULT]: PasteDeploy's section names are case-sensitive)")
    return ""


def check_regular(path: str, file: str) -> None:
    """IniError (named `file`) unless `path` is a regular file: reading a fifo or a device
    (`/dev/zero`) never ends, and a folder is no file."""
    if not os.path.exists(path):
        raise IniError(file, None, "no such file")
    if not os.path.isfile(path):
        raise IniError(file, None, "not a regular file")


def _read_text(path: str, file: str) -> str:
    """The text of a regular file, as UTF-8; IniError (named `file`) for anything else."""
    check_regular(path, file)
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        raise IniError(file, None, f"cannot read: {exc.strerror}") from None
    try:
        return utf8_text(data)
    except NotUtf8 as exc:
        raise IniError(file, exc.line, str(exc)) from None


def _parse_source(
    text: str, file: str, label: str, prefix: str | None, here: str, path: str | None,
    inherited: dict[str, str] | None = None,
) -> Source:
    """Parse `text` as PasteDeploy's `ConfigLoader` does; IniError for what it cannot read.

    `inherited`: the defaults a referring file hands over, under this file's own. They come
    interpolated, and are interpolated again here, as by PasteDeploy: a referrer's `100%%`
    arrives as `100%`, which it refuses too.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as open() in text mode reads it
    name = os.path.basename(file)
    if path is None:  # an upload's name is only a label, escaped as its `here` is: read as given
        name = name.replace("%", "%%")
    defaults = {"here": here, "__file__": os.path.join(here, name)}
    parser = loadwsgi.NicerConfigParser(
        label, defaults=defaults, interpolation=BoundedInterpolation()
    )
    parser.optionxform = str
    lines = text.split("\n")
    if text.startswith("\ufeff"):
        message = "starts with a byte-order mark, which PasteDeploy reads as text before [section]"
        raise IniError(file, 1, message)
    try:
        parser.read_string(text, source=file)
    except configparser.MissingSectionHeaderError as exc:
        message = unclosed_header(exc.line) or (
            f"text before the first [section]: {shown_line(parser, exc.line.strip())!r}"
        )
        raise IniError(file, exc.lineno, message) from None
    except configparser.DuplicateSectionError as exc:
        first = scan_lines(lines, parser)[0].get(exc.section)
        raise IniError(file, exc.lineno, f"section [{exc.section}] is defined twice"
                       + (f" (first at line {first})" if first else "")) from None
    except configparser.DuplicateOptionError as exc:
        message = f"option {exc.option!r} is set twice in [{exc.section}]"
        cause = misread_cause(lines, parser, exc.section, exc.option, exc.lineno)
        if cause is not None:
            line, why = cause
            raise IniError(file, line, why) from None
        raise IniError(file, exc.lineno, message) from None
    except configparser.ParsingError as exc:
        line = exc.errors[0][0]
        message = unclosed_header(lines[line - 1]) or outdented(lines, parser, line) or (
            f"expected `name = value`, a [section] or a comment: {lines[line - 1].strip()!r}"
        )
        raise IniError(file, line, message) from None
    section_lines, option_lines, misread, continued, tails = scan_lines(lines, parser)
    finder = SectionFinder(label, parser)
    finder.update_defaults(inherited or {}, overwrite=False)
    source = Source(
        label, prefix, path, here, parser, finder, section_lines, option_lines, misread, continued,
        tails,
    )
    for key in configparser.ConfigParser.defaults(parser):
        try:
            parser.get("DEFAULT", key)
        except configparser.Error as exc:
            line = source.line("DEFAULT", key)
            message = interpolation_message(exc, source)
            if line is None and key in _PATH_DEFAULTS:
                message = _path_message(key, message)
            raise IniError(file, line, message) from None
    return source


def _path_message(key: str, reason: str) -> str:
    """Why PasteDeploy reads nothing of a file whose path it cannot interpolate as `key`
    (`here` or `__file__`; `reason`, the stdlib's words): a `%` in a name is no mistake of the
    text, and those words quote only the end of the path."""
    part, given, rename = _PATH_DEFAULTS[key]
    return (f"{part} holds a '%', which PasteDeploy reads as interpolation: it gives every "
            f"section {given} as `%({key})s`, interpolated as values are, and refuses it "
            f"({reason}), so it loads nothing from this file; rename {rename}")
