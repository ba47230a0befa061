"""An api-paste.ini's text as PasteDeploy reads it: its sections, options, and where each is.

`Source` is one file as parsed (`stack.ini_parse`), with the line of each section and option
and the lines PasteDeploy reads otherwise than they look (found by `stack.ini_lines`);
`SectionFinder` looks its sections up with PasteDeploy's own `ConfigLoader`, so both read the
file alike. A file PasteDeploy cannot read at all is one `IniError` naming the file and line,
of readable length (`readable`, which every message quoting the file goes through).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from paste.deploy import loadwsgi

from stack.near_names import nearest


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
#: Longest `IniError` message kept whole: its words (the entry served, the entries to pick
#: from) are said around a section's refusal cut to `MAX_MESSAGE` already where it was made,
#: and cut again at `MAX_MESSAGE` they lost the middle of that refusal, the reason itself
#: (`serve` on volt's ini). Twice that keeps those whole and still bounds one quoting the file.
MAX_ERROR = 2 * MAX_MESSAGE


def readable(message: str, longest: int = MAX_MESSAGE) -> str:
    """`message` as one line of readable length, however much of the file's text it quotes.

    Messages quote the file: a value with continuation lines would break `FILE:LINE: message`
    over several lines (its lines are joined with spaces: `Source.continued_note` says which
    they are), and a 5 MB line would make a 5 MB message.
    """
    message = message.replace("\n", " ")
    if len(message) <= longest:
        return message
    keep = longest // 2
    cut = len(message) - 2 * keep
    return f"{message[:keep]}…[{cut} of {len(message)} characters cut]…{message[-keep:]}"


class IniError(Exception):
    """A file that cannot be read as an api-paste.ini at all: `FILE:LINE: message`."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = readable(message, MAX_ERROR)
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
