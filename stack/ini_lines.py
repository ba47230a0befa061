"""An api-paste.ini's lines walked as configparser walks them, and what to say of a line it
reads otherwise than it looks.

configparser keeps no line of a section or option, and its errors name a line, not why:
`[filter:later` missing its `]` is an option, an indented header continues a value, a line
indented no deeper than the setting above it is neither. `scan_lines` finds where each section
and option starts and the lines read otherwise (`Misread`, `HeaderTail`); the rest say why a
parse failed where such a line is the cause (`stack.ini_parse`).
"""

from __future__ import annotations

import configparser

from stack import redact_settings
from stack.ini_text import HEADER_PREFIXES
from stack.ini_text import HeaderTail
from stack.ini_text import Misread


def shown_line(parser: configparser.ConfigParser, line: str) -> str:
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
    sections, options, _, _, _ = scan_lines(lines[:number - 1], parser)
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


def misread_cause(
    lines: list[str], parser: configparser.ConfigParser, section: str, option: str, line: int
) -> tuple[int, str] | None:
    """Why `option` at `line` is a second one in `section`, where a header-like line is the
    cause: the line to say it at, and what to say.

    Either the line itself, and maybe the first, are headers missing their `]` (two
    `[filter:…` lines are both option `[filter`), or the settings after a header-like line
    between the two, meant for the section it was to start, fall into `section`: the first
    one the two share is refused there, on a line that says nothing of the cause.
    """
    _, options, misread, _, _ = scan_lines(lines, parser)
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


def scan_lines(
    lines: list[str], parser: configparser.ConfigParser
) -> tuple[dict[str, int], dict[tuple[str, str], int], dict[str, list[Misread]],
           dict[tuple[str, str], list[tuple[int, str]]], dict[str, list[HeaderTail]]]:
    """Where each section and option starts, walking the lines as `ConfigParser._read` does,
    the lines that look like a section header but are read as settings
    (`stack.ini_text.Source.misread`), the lines that continue each option's value
    (`stack.ini_text.Source.continued`), and the headers with text after their `]`
    (`stack.ini_text.Source.tails`).
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
                found_tail = HeaderTail(number, header.group(0), shown_line(parser, tail))
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
