"""A section's options as PasteDeploy's `get_context` reads them, and what is said of a line.

Its own settings are the factory's local_conf; [DEFAULT] and each `set NAME` its global_conf;
a `get NAME` copies a global into its settings. A node's `conf` keeps a `set NAME` as written,
so what reads that conf later (`stack.graph_json`, `stack.known_filters`) asks `set_name`
what it sets: one reading of `set`, wherever it is read.
"""

from __future__ import annotations

import configparser
from typing import TYPE_CHECKING

from stack.graph_json import set_name
from stack.graph_json import sets_of
from stack.ini_parse import default_lookalike_note
from stack.ini_parse import interpolation_message
from stack.ini_text import Source

if TYPE_CHECKING:
    from stack.graph_model import Node


class Refused(Exception):
    """PasteDeploy would refuse the section being read: why, and on which line."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def read_options(
    source: Source, section: str, node: Node
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The section's local_conf and global_conf as PasteDeploy computes them, and its conf."""
    parser = source.parser
    defaults = source.defaults
    global_conf = dict(defaults)
    local: dict[str, str] = {}
    conf: dict[str, str] = {}
    gets: dict[str, tuple[str, str]] = {}
    for misread in source.read_otherwise.get(section, []):
        warn(node, source, misread.line, misread.warning)
    for option in parser.options(section):
        if (name := set_name(option)) is not None:
            global_conf[name] = conf[option] = _option_value(source, section, option)
        elif option.startswith("get "):
            gets[option[4:].strip()] = (option, _option_value(source, section, option))
        elif option in defaults:
            line = source.line(section, option)
            if line is not None:
                warn(node, source, line, f"{option!r} is also in [DEFAULT]: PasteDeploy "
                     "passes the factory only the [DEFAULT] value (in global_conf), not "
                     "this one")
        else:
            local[option] = conf[option] = _option_value(source, section, option)
    for name, (option, global_name) in gets.items():
        if global_name not in global_conf:
            note = default_lookalike_note(source, global_name)
            message = (f"`{option} = {global_name}`: no {global_name!r} in [DEFAULT] or a "
                       f"`set`{note}")
            raise Refused(message, source.line(section, option))
        local[name] = conf[name] = global_conf[global_name]
    return local, global_conf, conf


def _option_value(source: Source, section: str, option: str) -> str:
    """The option's value, interpolated; one that cannot be refuses the section, at its line."""
    try:
        return source.parser.get(section, option)
    except configparser.Error as exc:
        message = interpolation_message(exc, source)
        raise Refused(message, source.line(section, option)) from None


def set_by(source: Source, section: str) -> dict[str, tuple[Source, str, str]]:
    """The globals the section's `set NAME = …` options give, by NAME (`Body.set_at`)."""
    return {name: (source, section, option)
            for name, option in sets_of(source.parser.options(section)).items()}


def warn(node: Node, source: Source, line: int | None, message: str) -> None:
    """Warn about a line of a section: `FILE:LINE: message`, so a reader is sent to that
    line (the upload page places it there), not to the section's header."""
    node.warnings.append(located(source, line, message))


def located(source: Source, line: int | None, message: str) -> str:
    """`FILE:LINE: message`, or the message alone for no line: a warning as `warn` says it."""
    return f"{source.file}:{line}: {message}" if line is not None else message
