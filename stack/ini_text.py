"""An api-paste.ini's text as PasteDeploy reads it: its sections, options, and where each is.

The graph (`stack.graph`) is built from what this module reads, so a file PasteDeploy could not
read at all stops here, as one `IniError` naming the file and line. The text is parsed with
PasteDeploy's own `NicerConfigParser` (with its `here`/`__file__` defaults) and sections are looked
up with its own `ConfigLoader`, so both read the file alike; nothing the file names is imported.
Only values are read differently: interpolated within a size limit (`stack.ini_interpolation`).
"""

from __future__ import annotations

import configparser
import functools
import os
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from paste.deploy import loadwsgi

from stack import redact_settings
from stack.ini_interpolation import BoundedInterpolation
from stack.near_names import nearest
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


def prefixes_of(object_type: Any) -> frozenset[str]:
    """The section prefixes PasteDeploy finds an `object_type` by (`loadwsgi.APP`: `app`,
    `application`, `composite`, `pipeline`, `filter-app`…)."""
    return frozenset(prefix for group in object_type.config_prefixes for prefix in group)


#: What a section header starts with, to PasteDeploy: the prefixes it finds apps, filters and
#: servers by (`app`, `filter-app`, `server`…), and `DEFAULT`.
HEADER_PREFIXES = frozenset({"DEFAULT"}.union(
    *(prefixes_of(object_type) for object_type in (loadwsgi.APP, loadwsgi.FILTER, loadwsgi.SERVER))
))
#: Most continuation lines a message quotes; the rest are counted.
_SHOWN_LINES = 3
#: Longest message kept whole; a longer one keeps its start and end (the reason is at one or
#: the other) around a note of what was cut.
MAX_MESSAGE = 400


def readable(message: str) -> str:
    """`message` as one line of readable length, however much of the file's text it quotes.

    Messages quote the file: a value with continuation lines would break `FILE:LINE: message`
    over several lines (its lines are joined with spaces: `Source.continued_note` says which
    they are), and a 5 MB line would make a 5 MB message.
    """
    message = message.replace("\n", " ")
    if len(message) <= MAX_MESSAGE:
        return message
    keep = MAX_MESSAGE // 2
    cut = len(message) - 2 * keep
    return f"{message[:keep]}…[{cut} of {len(message)} characters cut]…{message[-keep:]}"


class IniError(Exception):
    """A file that cannot be read as an api-paste.ini at all: `FILE:LINE: message`."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = readable(message)
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {self.message}")


@dataclass
class Source:
    """One parsed file: PasteDeploy's parser over its text, and the line of each part of it."""

    file: str  # how nodes and messages name this file: its name (its relative path if taken)
    prefix: str | None  # id prefix of its sections: None for the file being read
    path: str | None  # absolute path, None for an upload
    here: str
    parser: loadwsgi.NicerConfigParser
    finder: SectionFinder
    section_lines: dict[str, int]
    option_lines: dict[tuple[str, str], int]
    #: Lines that look like a section header but are read as settings of the section before
    #: them (`[pipeline:p` missing its `]`, an indented `  [app:b]`): section → its lines.
    misread: dict[str, list[Misread]] = field(default_factory=dict)
    #: The indented lines that continue each option's value: (section, option) → (line, text).
    continued: dict[tuple[str, str], list[tuple[int, str]]] = field(default_factory=dict)
    #: Text after a section header's `]` on its line, which PasteDeploy drops: section → its
    #: header lines.
    tails: dict[str, list[HeaderTail]] = field(default_factory=dict)

    @functools.cached_property
    def read_otherwise(self) -> dict[str, list[Misread | HeaderTail]]:
        """Each section's lines PasteDeploy reads otherwise than they look (`misread` and
        `tails`), in file order: what `inspect` warns of, at each line."""
        return {
            section: sorted(self.tails.get(section, []) + self.misread.get(section, []),
                            key=lambda found: found.line)
            for section in {**self.tails, **self.misread}
        }

    @functools.cached_property
    def defaults(self) -> dict[str, str]:
        """[DEFAULT], interpolated as PasteDeploy's `NicerConfigParser.defaults` does, once."""
        return self.parser.defaults()

    def line(self, section: str, option: str | None = None) -> int | None:
        if option is None:
            return self.section_lines.get(section)
        return self.option_lines.get((section, option))

    @functools.cached_property
    def sections_at(self) -> dict[int, str]:
        """Each section by the line of its header: how a graph node (which knows that line)
        finds its section, whatever its header says (`[application: main]` is `app:main`)."""
        return {line: section for section, line in self.section_lines.items()}

    @functools.cached_property
    def _option_lines_by_section(self) -> dict[str, dict[str, int]]:
        by_section: dict[str, dict[str, int]] = {}
        for (section, option), line in self.option_lines.items():
            by_section.setdefault(section, {})[option] = line
        return by_section

    def continued_note(self, line: int | None) -> str | None:
        """Why the value of the option starting at `line` runs on past it, if it does: its
        indented lines, which PasteDeploy (as configparser) reads as the rest of that value,
        where they were most likely meant as settings of their own (`/v2: api`)."""
        option = next((key for key, at in self.option_lines.items() if at == line), None)
        lines = self.continued.get(option) if option is not None else None
        if not lines:
            return None
        shown = [f"line {number} `{text}`" for number, text in lines[:_SHOWN_LINES]]
        if len(lines) > _SHOWN_LINES:
            shown[-1] += f" (and {len(lines) - _SHOWN_LINES} more, to line {lines[-1][0]})"
        if len(shown) == 1:
            return (f"{shown[0]} is indented: PasteDeploy reads it as the rest of the value of "
                    f"`{option[1]}` (line {line}), not as a setting of its own")
        return (f"{', '.join(shown[:-1])} and {shown[-1]} are indented: PasteDeploy reads them "
                f"as the rest of the value of `{option[1]}` (line {line}), not as settings of "
                "their own")

    def setting_lines(self, section: str) -> dict[str, int]:
        """The line of each setting of `section`, named as a node's `conf` names it: `get NAME`
        as NAME, the rest as written (`set NAME` too)."""
        return {
            option[4:].strip() if option.startswith("get ") else option: line
            for option, line in self._option_lines_by_section.get(section, {}).items()
        }

    def show(self, value: str) -> str:
        """The value as the reader wrote it: this file's folder written back as `%(here)s` (an
        upload's values read so already, and `/` starts every path)."""
        if self.path is None or len(self.here) < 2:
            return value
        return value.replace(self.here, "%(here)s")

    def misread_as(self, object_type: Any, name: str) -> Misread | None:
        """The misread line that looks like the header of the section `name` would find (of
        `object_type`, `loadwsgi.APP` or `FILTER`), had it been read as one: the likely reason
        there is none."""
        prefixes = prefixes_of(object_type)
        for lines in self.misread.values():
            for misread in lines:
                prefix, _, rest = misread.header.partition(":")
                if prefix in prefixes and rest.strip() == name:
                    return misread
        return None

    def likely_meant(self, object_type: Any, name: str) -> list[str]:
        """The sections of `object_type` whose names are nearest `name`, if near enough to be
        the one meant (`authtokn` for `[filter:authtoken]`), in file order: a typo is the
        common reason a pipeline names a section that is not there."""
        prefixes = prefixes_of(object_type)
        names = {rest.lower(): sections[0] for (prefix, rest), sections in self.finder.index.items()
                 if prefix in prefixes}
        near = {names[found] for found in nearest(name.lower(), names, 0.75)}
        return [section for section in self.parser.sections() if section in near]


@dataclass(frozen=True)
class Misread:
    """A line that looks like a section header but is read as a setting of `section`."""

    line: int
    raw: str  # the line as written: `[filter:later`, `  [app:b]`
    header: str  # the section it looks like the header of: `filter:later`, `app:b`
    section: str  # the section it is read in
    #: Indented: the option whose value it continues; None: it is missing its `]`, an option.
    continues: str | None

    @property
    def warning(self) -> str:
        """Why the line is no header, and what becomes of it and the lines after it."""
        text = self.raw.strip()
        if self.continues is None:
            return (
                f"{text!r} looks like a section header missing its `]`: PasteDeploy reads it, "
                f"and the lines after it up to the next [section], as settings of [{self.section}]"
            )
        # NOTE: the lines after it that are indented too continue the same value.
        return (
            f"{text!r} is indented: PasteDeploy reads it as a continuation of the value of "
            f"{self.continues!r} in [{self.section}], not as a section header, and the "
            f"non-indented lines after it up to the next [section] as settings of [{self.section}]"
        )

    def note(self, file: str | None = None) -> str:
        """Why a section named as this line's header is missing: `file` is this line's file
        where the message is about another one's line."""
        where = f"{file}:{self.line}" if file else f"line {self.line}"
        if self.continues is None:
            read = f"a setting of [{self.section}]: it is missing its `]`"
        else:
            read = f"part of the value of {self.continues!r} in [{self.section}]: it is indented"
        return f"{where}, {self.raw.rstrip()!r}, looks like its header but is read as {read}"


@dataclass(frozen=True)
class HeaderTail:
    """Text after a section header's `]` on its line (`[filter:a]paste.filter_factory = …`, as
    a script writing `[section]key` settings leaves it): configparser, and so PasteDeploy,
    reads the header and drops the rest of the line, so what it sets is never set, and the
    section's refusal (`no factory`) names a setting the line plainly holds."""

    line: int
    header: str  # the header as written: `[filter:authtoken]`
    tail: str  # the rest of the line, as a message may show it (a secret's value redacted)

    @property
    def warning(self) -> str:
        """What becomes of the text, and the mend; of readable length, however long the line."""
        return readable(f"{self.tail!r} follows the header {self.header!r} on its line: "
                        "PasteDeploy reads the header and drops the rest of the line, so it "
                        "sets nothing; put it on a line of its own")


class SectionFinder(loadwsgi.ConfigLoader):
    """PasteDeploy's `ConfigLoader` over a parsed file: its lookups, none of its loading."""

    def __init__(self, filename: str, parser: loadwsgi.NicerConfigParser) -> None:
        # NOTE: the base __init__ opens the file; the text is parsed already, and nothing is loaded.
        self.filename = filename
        self.parser = parser
        #: (prefix, name) → sections, in file order: `_find_sections` once, not per lookup.
        self.index: dict[tuple[str, str], list[str]] = {}
        for section in parser.sections():
            prefix, colon, rest = section.partition(":")
            if colon:
                self.index.setdefault((prefix, rest.strip()), []).append(section)

    def candidates(self, object_type: Any, name: str) -> list[str]:
        """The sections `find_config_section` would choose among (one means found)."""
        found: list[str] = []
        for prefixes in object_type.config_prefixes:
            for prefix in prefixes:
                hits = self.index.get((prefix, name), [])
                if hits:
                    found.extend(hits)
                    break
        return found


def read_file(path: str) -> Source:
    """The api-paste.ini at `path`, parsed; its sections have no id prefix."""
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
            f"text before the first [section]: {_shown_line(parser, exc.line.strip())!r}"
        )
        raise IniError(file, exc.lineno, message) from None
    except configparser.DuplicateSectionError as exc:
        first = _scan_lines(lines, parser)[0].get(exc.section)
        raise IniError(file, exc.lineno, f"section [{exc.section}] is defined twice"
                       + (f" (first at line {first})" if first else "")) from None
    except configparser.DuplicateOptionError as exc:
        message = f"option {exc.option!r} is set twice in [{exc.section}]"
        cause = _misread_cause(lines, parser, exc.section, exc.option, exc.lineno)
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
    section_lines, option_lines, misread, continued, tails = _scan_lines(lines, parser)
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


def _shown_line(parser: configparser.ConfigParser, line: str) -> str:
    """A line of the file as a message quotes it: a setting's value redacted as a section's
    are (`redact_settings.redacted`): `admin_password = s3cr3t` above its [DEFAULT] is a secret
    still."""
    option = parser._optcre.match(line)
    if option is None or option.group("value") is None:
        return line
    name, value = option.group("option").rstrip(), option.group("value").strip()
    shown = redact_settings.setting_shown(name, value)
    return line if shown == value else f"{name} {option.group('vi')} {shown}"


def outdented(lines: list[str], parser: configparser.ConfigParser, number: int) -> str | None:
    """What to say of line `number`, indented but no setting, where it was meant to continue
    the value of the setting above it and is indented no deeper than that setting's line, if
    so: configparser counts a tab as one character, as a space, so a `pipeline =` indented
    four spaces is not continued by a line indented one tab."""
    line = lines[number - 1]
    indent = line[:len(line) - len(line.lstrip())]
    sections, options, _, _, _ = _scan_lines(lines[:number - 1], parser)
    if not indent or not options or max(options.values()) < max(sections.values(), default=0):
        return None
    (_, option), start = max(options.items(), key=lambda item: item[1])
    above = lines[start - 1][:len(lines[start - 1]) - len(lines[start - 1].lstrip())]
    tabs = " (a tab counts as one character, as a space does)" if "\t" in indent + above else ""
    return (f"{line.strip()!r} is indented {_characters(indent)}, no deeper than {option!r} "
            f"at line {start}, indented {_characters(above)}: so it does not continue that "
            f"value, and it is no `name = value` either; indent it deeper than line {start}{tabs}")


def _characters(indent: str) -> str:
    """How deep an indent is, as configparser measures it: `5 characters (a tab, 4 spaces)`."""
    tabs, others = indent.count("\t"), len(indent) - indent.count("\t")
    parts = [f"{tabs} tabs" if tabs > 1 else "a tab"] if tabs else []
    if others:
        parts.append(f"{others} spaces" if others > 1 else "a space")
    return f"{len(indent)} character{'s' if len(indent) != 1 else ''} ({', '.join(parts)})"


def unclosed_header(line: str) -> str | None:
    """What to say of a line that looks like a section header missing its `]`, if it does."""
    text = line.strip()
    if "]" not in text and header_named(text):
        return f"{text!r} looks like a section header missing its `]`"
    return None


def header_named(line: str) -> str | None:
    """The section a line looks like the header of (`filter:later` for `[filter:later` or
    `  [app:b]`), if it opens with `[` and a prefix PasteDeploy finds sections by, or DEFAULT.

    NOTE: a value's continuation line can be a list (`[1, 2, 3]`, `[::1]`): only a known
    prefix makes a line look like a header PasteDeploy was meant to read.
    """
    text = line.strip()
    if not text.startswith("["):
        return None
    closed = configparser.ConfigParser.SECTCRE.match(text)
    header = closed.group("header") if closed else text[1:]
    if not closed and "]" in text:
        return None
    return header if header.partition(":")[0].strip() in HEADER_PREFIXES else None


def _misread_cause(
    lines: list[str], parser: configparser.ConfigParser, section: str, option: str, line: int
) -> tuple[int, str] | None:
    """Why `option` at `line` is a second one in `section`, where a header-like line is the
    cause: the line to say it at, and what to say.

    Either the line itself, and maybe the first, are headers missing their `]` (two
    `[filter:…` lines are both option `[filter`), or the settings after a header-like line
    between the two, meant for the section it was to start, fall into `section`: the first
    one the two share is refused there, on a line that says nothing of the cause.
    """
    _, options, misread, _, _ = _scan_lines(lines, parser)
    first = options.get((section, option), line)
    said = f"option {option!r} is set twice in [{section}]"
    at = {entry.line: entry for entry in misread.get(section, []) if entry.continues is None}
    if line in at:
        this = at[line].raw.strip()
        if first in at:
            before = at[first].raw.strip()
            return line, (
                f"{this!r} (and {before!r} at line {first} before it) look like section "
                f"headers missing their `]`: PasteDeploy reads each as a setting {option!r} of "
                f"[{section}]; so {said}"
            )
        return line, f"{at[line].warning}; so {said} (first at line {first})"
    causes = [entry for entry in misread.get(section, []) if first < entry.line < line]
    if not causes:
        return None
    return causes[-1].line, f"{causes[-1].warning}; so {said} (line {line})"


def _scan_lines(
    lines: list[str], parser: configparser.ConfigParser
) -> tuple[dict[str, int], dict[tuple[str, str], int], dict[str, list[Misread]],
           dict[tuple[str, str], list[tuple[int, str]]], dict[str, list[HeaderTail]]]:
    """Where each section and option starts, walking the lines as `ConfigParser._read` does,
    the lines that look like a section header but are read as settings (`Source.misread`),
    the lines that continue each option's value (`Source.continued`), and the headers with
    text after their `]` (`Source.tails`).
    """
    sections: dict[str, int] = {}
    options: dict[tuple[str, str], int] = {}
    misread: dict[str, list[Misread]] = {}
    continued: dict[tuple[str, str], list[tuple[int, str]]] = {}
    tails: dict[str, list[HeaderTail]] = {}
    section = option = None
    indent_level = 0
    for number, line in enumerate(lines, start=1):
        value = line.strip()
        if not value or value.startswith(tuple(parser._comment_prefixes)):
            continue
        indent = len(line) - len(line.lstrip())
        if section is not None and option and indent > indent_level:
            # a continuation line of the option's value, whatever it looks like
            continued.setdefault((section, option), []).append((number, value))
            header = header_named(value)
            if header is not None:
                found = Misread(number, line, header, section, option)
                misread.setdefault(section, []).append(found)
            continue
        indent_level = indent
        header = parser.SECTCRE.match(value)
        if header:
            section, option = header.group("header"), None
            sections.setdefault(section, number)
            tail = value[header.end():].strip()
            # NOTE: `[app:a]  # the api` drops a comment, as meant.
            if tail and not tail.startswith(tuple(parser._comment_prefixes)):
                found_tail = HeaderTail(number, header.group(0), _shown_line(parser, tail))
                tails.setdefault(section, []).append(found_tail)
            continue
        match = parser._optcre.match(value)
        if match and section is not None:
            option = parser.optionxform(match.group("option").rstrip())
            options.setdefault((section, option), number)
            if unclosed_header(value):
                found = Misread(number, line, value[1:], section, None)
                misread.setdefault(section, []).append(found)
    return sections, options, misread, continued, tails
