"""The setting of a failed section to cite, with its line: the one the message quotes, the
factory reference, the `require =` naming what is not installed, one near the name the code read.

A failed load names the section; the line to edit is often one of its settings.
`quoted_setting`, `factory_setting` and `required_setting` return `(name, value, line)`,
`near_setting` the line and the name meant, each None where it finds none, for
`stack.load_failure.explained` to choose from. Lines are known in the file read, not in one it
refers to (`section_read`).
"""

from __future__ import annotations

import inspect
import linecache
import re
from importlib.metadata import PackageNotFoundError

from stack.code_lines import innermost
from stack.graph import IniFile
from stack.graph import Node
from stack.near_names import listed
from stack.near_names import nearest


def quoted_setting(ini: IniFile, node: Node | None,
                   exc: Exception) -> tuple[str, str, int | None] | None:
    """`(name, value, line)` of the setting of `node`'s section whose value `exc`'s message
    quotes, if one does: `max_request_body_size = 100KB` for "invalid literal for int() with
    base 10: '100KB'", where the section's header alone leaves the reader to guess which of
    its settings was wrong. Else one a word of whose value it quotes: a pipeline_factory's
    `keystone = … authtokn …` for "No section 'authtokn' (prefixed by 'filter') found". Else
    one whose name it quotes: `colour = red` for a factory's "unknown option 'colour'". The
    line is known in the file read (None in one it refers to).
    """
    if node is None:
        return None
    message = str(exc)
    settings = [(name, value) for name, value in node.conf.items() if value]
    quoted = (next(((name, value) for name, value in settings if repr(value) in message), None)
              or next(((name, value) for name, value in settings
                       if any(repr(word) in message for word in value.split())), None)
              or next(((name, value) for name, value in node.conf.items()
                       if repr(name) in message), None))
    if quoted is None:
        return None
    name, value = quoted
    section = None if " " in name else section_read(ini, node)  # `set NAME`: not the key
    return name, value, ini.source.line(section, name) if section is not None else None


def factory_setting(ini: IniFile, node: Node) -> tuple[str, str, int | None] | None:
    """`(key, value, line)` of the `use =` or `paste.*_factory =` setting of `node`'s section,
    the line to mend when its reference is misspelt (`quoted_setting`'s shape); the line is
    known in the file read (None in one it refers to)."""
    section = section_read(ini, node)
    if section is None or node.factory is None:
        return None
    lines = ini.source.setting_lines(section)
    key = next((key for key in lines
                if key == "use" or key.startswith("paste.") and key.endswith("_factory")), None)
    return None if key is None else (key, node.factory, lines[key])


def required_setting(ini: IniFile, node: Node | None, exc: BaseException,
                     raised_in: str) -> tuple[str, str, int | None] | None:
    """`("require", value, line)` when the load failed as a distribution the `require =` of
    `node`'s section names is not installed (`exc`, raised in no factory's code: `raised_in`,
    `code_raised_in`'s, is ""), `quoted_setting`'s shape; else None.

    PasteDeploy checks it before it calls the factory, and its message names the distribution
    but no setting: cited at the section's header, it read as the factory's fault. Known in
    the file read only, whose lines are known.
    """
    if node is None or not isinstance(exc, PackageNotFoundError) or raised_in:
        return None
    section = section_read(ini, node)
    if section is None:
        return None
    line = ini.source.setting_lines(section).get("require")
    value = ini.source.parser.get(section, "require") if line is not None else ""
    if exc.name not in value.split():
        return None
    return "require", value, line


def near_setting(ini: IniFile, node: Node | None, exc: BaseException,
                 raised_in: str) -> tuple[int | None, str] | None:
    """`(line, hint)` when a factory's code (at `raised_in`, `code_raised_in`'s) read a
    setting `node`'s section does not set (`local_conf["greeting"]`'s KeyError): when the
    section sets one of a name near it (`greting`), that setting's line and "the section sets
    `greting` at line 54: did you mean it?"; else, when the code read it from the section's
    settings (`read_from_settings`), no line and "the section sets no `greeting`: …"; else None.

    The message names the setting the code read, not the one the ini wrote: cited at the
    section's header, the misspelling was left to be found by eye, and a bare
    `KeyError: 'greeting'` left a newcomer to work out that it was a setting at all. Known in
    the file read only, whose lines are known.
    """
    if node is None or not isinstance(exc, KeyError) or not raised_in:
        return None
    missing = exc.args[0] if len(exc.args) == 1 else None
    section = section_read(ini, node)
    if not isinstance(missing, str) or missing in node.conf or section is None:
        return None
    lines = ini.source.setting_lines(section)
    meant = nearest(missing, [name for name in node.conf if " " not in name and name in lines])
    if not meant:
        if not read_from_settings(exc, node):
            return None
        return None, (f"the section sets no `{missing}`, which its factory reads: add "
                      f"`{missing} = …` to it")
    sets = listed([f"`{name}` at line {lines[name]}" for name in meant])
    return lines[meant[0]], (f"the section sets {sets}: did you mean "
                             f"{'it' if len(meant) == 1 else 'one of them'}?")


def read_from_settings(exc: KeyError, node: Node) -> bool:
    """Whether the line that raised `exc` read a dict of `node`'s settings (the `local_conf`
    PasteDeploy passed its factory, or what is left of it): a plain dict in that frame holding
    none but the section's setting names, which that line subscripts or pops from by its name,
    and that is a parameter of the function (`**local_conf`) or holds some. A KeyError of
    another mapping (`os.environ`, a table of the module's own) is not the section's doing;
    nor is one of such a table beside an empty `**local_conf` (a section setting nothing), nor
    one of an empty dict of the function's own (`seen = {}`): they hold none but the
    section's names too."""
    tb = innermost(exc)
    if tb is None:
        return False
    own = {name for name in node.conf if " " not in name}
    code = tb.tb_frame.f_code
    line = linecache.getline(code.co_filename, tb.tb_lineno)
    parameters = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount
                                  + bool(code.co_flags & inspect.CO_VARARGS)
                                  + bool(code.co_flags & inspect.CO_VARKEYWORDS)]
    return any(type(value) is dict and value.keys() <= own and (value or name in parameters)
               and re.search(rf"\b{re.escape(name)}\s*(\[|\.pop\b)", line)
               for name, value in tb.tb_frame.f_locals.items())


def section_read(ini: IniFile, node: Node) -> str | None:
    """The name of `node`'s section in the file read, whose lines are known; None for a
    section of a file it refers to."""
    if ini.source is None or node.file != ini.file:
        return None
    return ini.source.sections_at.get(node.line)
