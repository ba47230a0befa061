"""Why loading an ini failed, in words that name the section, the line and the mend.

A factory's import or construction fails inside PasteDeploy, far from the ini line that
caused it. `explained` turns the exception, the section being loaded when it was raised
(`stack.loader.Instrumenter.failed`) and how the failed factory was called into a
`LoadFailed`, which `serve` and `which --load` print as one line. Nothing here imports or
runs the ini's code: it reads what the failed load imported already.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import sysconfig
import types
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError
from typing import Any

from paste.deploy import loadwsgi

from stack import known_filters
from stack.code_lines import innermost
from stack.code_lines import line_of
from stack.graph import IniFile
from stack.graph import Node
from stack.near_names import MOST_MEANT
from stack.near_names import first_and_more
from stack.near_names import listed
from stack.near_names import nearest
from stack.near_names import nearest_distribution
from stack.near_names import nearest_module
from stack.near_names import said_meant


def explained(ini: IniFile, failed: Node | None, exc: Exception,
              miscalled: tuple[BaseException | None, str]) -> LoadFailed:
    """The `LoadFailed` to raise for `exc`, raised while loading section `failed` of `ini`;
    `miscalled`, the exception a factory's call itself raised and how
    PasteDeploy calls a factory of its kind (`CALLED_AS`), when one did. Where in the
    factory's code it was raised is read once (`code_raised_in`, a walk of the traceback),
    and handed to each reading that asks."""
    called, hint = miscalled
    raised_in = code_raised_in(exc)
    setting = quoted_setting(ini, failed, exc)
    meant = misspelt_factory(failed, exc, raised_in)
    if meant is not None:
        setting = factory_setting(ini, failed) or setting
    required = required_setting(ini, failed, exc, raised_in)
    if required is not None:
        setting = required
        meant = said_meant(nearest_distribution(exc.name))
    near = near_setting(ini, failed, exc, raised_in)
    line = None
    if near is not None:
        line, meant = near
    if called is not exc:
        # NOTE: a near name says more than "install it": the name was likely misspelt.
        hint = meant or install_hint(exc, required is not None,
                                     os.path.dirname(os.path.abspath(ini.path)))
    app_only = app_only_failed(failed, exc, raised_in)
    if app_only is not None:
        # NOTE: at its factory's line, the one to rewrite, not quoted: the hint quotes
        # what to write there instead, and the message stays whole (`readable`'s 400).
        factory = factory_setting(ini, failed)
        setting, hint, line = None, app_only, factory[2] if factory else None
    return LoadFailed(failed, exc, raised_in, setting, hint, line, ini.hide)


class LoadFailed(Exception):
    """A factory's import or construction failed (`cause`, also the `__cause__`): `node`,
    the innermost section of the graph being loaded when it did (None if none); `setting`,
    the setting of that section the message quotes (`quoted_setting`); `raised_in`, the line
    of the factory's code that raised it (`code_raised_in`, "" for none); `hint`, what to do
    about it: how PasteDeploy calls a factory of its kind, when the call itself failed
    (`CALLED_AS`), the name meant, when one near the name written is there, what to install
    or put on Python's path (`install_hint`), what to write instead of a filter that is an
    app now (`app_only_failed`), else ""; `line`, the line of the section to cite when the
    message quotes none of its settings but names one near a setting it sets
    (`near_setting`), else None; `hide`, what hides the file's secrets in all these
    (`IniFile.hide`): a secret interpolated into a setting, as
    `require = %(admin_password)s`, is quoted by the setting and named by the error."""

    def __init__(self, node: Node | None, cause: Exception, raised_in: str,
                 setting: tuple[str, str, int | None] | None, hint: str, line: int | None,
                 hide: Callable[[str], str]) -> None:
        super().__init__(hide(f"{type(cause).__name__}: {cause}"))
        self.node = node
        self.setting = None if setting is None else (setting[0], hide(setting[1]), setting[2])
        self.raised_in = raised_in
        self.hint = hide(hint)
        self.line = line


#: The arguments PasteDeploy passes a factory of each protocol before its settings, and what
#: it expects back.
CALLED_WITH = {
    "paste.filter_factory": (("global_conf",), "a function of the app it wraps"),
    "paste.filter_app_factory": (("app", "global_conf"), "the WSGI app wrapping app"),
    "paste.app_factory": (("global_conf",), "the WSGI app"),
    "paste.composite_factory": (("loader", "global_conf"), "the WSGI app"),
}
CALLED_WITH["paste.composit_factory"] = CALLED_WITH["paste.composite_factory"]
#: How PasteDeploy calls a factory of each protocol, and what it expects back: said when the
#: call itself failed, as a factory written as `filter_factory(app)` does.
CALLED_AS = {protocol: f"a {protocol} is called as factory({', '.join(arguments)}, **settings) "
                       f"and returns {returned}"
             for protocol, (arguments, returned) in CALLED_WITH.items()}
#: What PasteDeploy adds to a factory call's TypeError (`paste.deploy.util.fix_type_error`):
#: the values it passed, each repr cut to 12 characters, and the factory's signature.
PASTE_GOT = re.compile(r"; got \((.*)\), wanted (\(.*)\Z", re.S)


def named_miscall(message: str, protocol: str) -> str:
    """`message` with PasteDeploy's `got (<functio...800>, {'here':...ni'}), wanted (app)`
    said with the arguments' names: `PasteDeploy called it with (app, global_conf), and it
    takes (app)`. Its reprs, cut in the middle of their names, told a reader nothing."""
    found = PASTE_GOT.search(message)
    if found is None or protocol not in CALLED_WITH:
        return message
    settings = [f"{setting}=…" for setting in re.findall(r"\b(\w+)=\.\.\.", found[1])]
    called = ", ".join([*CALLED_WITH[protocol][0], *settings])
    return (f"{message[:found.start()]}; PasteDeploy called it with ({called}), and it takes "
            f"{found[2]}")


def call_failed(exc: BaseException, *calls: Any) -> bool:
    """Whether `exc` is the TypeError a call from one of the functions `calls` raised before
    the callee's own code ran (its arguments did not fit): the innermost line of its
    traceback is that call. Any other TypeError came from a line of the callee's, which names
    it; a hint about how factories are called would be a guess."""
    if not isinstance(exc, TypeError) or "argument" not in str(exc):
        return False
    tb = innermost(exc)
    return tb is not None and tb.tb_frame.f_code in [call.__code__ for call in calls]


#: `stack/loader.py`, whose hooks run inside PasteDeploy's loading (named, not imported: it
#: imports this module).
_HOOKS = os.path.join(os.path.dirname(__file__), "loader.py")
#: Where loading's own code is, which `code_raised_in` looks past: PasteDeploy's, the standard
#: library's (importlib's) and the loader's.
_LOADING_CODE = (os.path.dirname(loadwsgi.__file__) + os.sep,
                 sysconfig.get_paths()["stdlib"] + os.sep, "<frozen ", _HOOKS)
#: The loader itself, PasteDeploy's and the loader's hooks into it: a factory calling it back
#: (a urlmap's or pipeline_factory's `loader.get_app`) has handed the load on, so what raised
#: below it is not the factory's doing.
_LOADER_CODE = (loadwsgi.__file__, _HOOKS)


def code_raised_in(exc: BaseException) -> str:
    """`file.py:LINE in function` of the innermost line of `exc`'s traceback in the code a
    factory ran (the factory, the module its import ran, a library it called), not in
    PasteDeploy's, importlib's or the loader's; "" when there is none (the module PasteDeploy
    imports is missing) or Python's message already says it (a SyntaxError's file and line).

    A bare `KeyError: 'greeting'` says neither which factory read the missing setting nor
    where; this is the line a developer opens. Only lines below the innermost call into the
    loader count: a composite's factory that asked it for a branch whose module is missing
    did not raise, and citing it (`urlmap.py:26 in urlmap_factory`) sent the reader into
    Paste's code instead of to the section the message names.
    """
    if isinstance(exc, SyntaxError):
        return ""
    found = ""
    tb = exc.__traceback__
    for _ in range(sys.getrecursionlimit()):  # bounded: a traceback is as deep as the stack was
        if tb is None:
            break
        code = tb.tb_frame.f_code.co_filename
        if code in _LOADER_CODE:
            found = ""
        elif not code.startswith(_LOADING_CODE):
            found = line_of(tb)
        tb = tb.tb_next
    return found


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


def misspelt_factory(node: Node | None, exc: BaseException, raised_in: str) -> str | None:
    """`did you mean `filter_factory`?` when the load failed because the factory reference of
    `node`'s section names what is not there (so none of the factory's code raised `exc`:
    `raised_in`, `code_raised_in`'s, is ""), and a name near it is: an attribute of the module
    (`mymod:filter_factroy`), a module (`stack.demo.compte:…`) or an installed distribution
    (`egg:oslo.midleware#request_id`); the reference meant, when a dot stands for its `:`
    (`colon_meant`); the factories a module named alone holds (`factories_in`);
    "" when none is near; None when the reference is not what failed.

    Python's AttributeError carries the object it looked in (`obj`), imported already: asked
    only here, as `serve` and `which --load` import by design (`inspect` imports nothing, so
    cannot say it).
    The names near a module or distribution are listed without importing (`stack.near_names`).
    An error a line of the factory's module raised (its own import of a missing module) is
    not the reference's.
    """
    if node is None or not node.factory or raised_in:
        return None
    scheme, _, reference = node.factory.partition(":")
    if scheme == "egg":
        # NOTE: an entry point an installed distribution lacks is the graph's refusal
        # (`stack.section_factories.missing_entry_point`), before anything is imported.
        spec = reference.partition("#")[0]
        if isinstance(exc, PackageNotFoundError) and exc.name == spec:
            return said_meant(nearest_distribution(spec))
        return None
    module, colon, attributes = (reference if scheme == "call" else node.factory).partition(":")
    if isinstance(exc, ModuleNotFoundError) and exc.name is not None:
        if not f"{module}.".startswith(f"{exc.name}."):
            return None
        if not colon:  # a dot where the `:` goes, or a module that is no package
            dotted = colon_meant(module)
            if dotted is not None:
                return f"a factory is `module:object`: did you mean `{dotted}`?"
            package = not_a_package(exc.name)
            if package:
                return package
        return said_meant(nearest_module(exc.name))
    named = sys.modules.get(module) if not colon and isinstance(exc, TypeError) else None
    if isinstance(named, types.ModuleType) and str(exc) == "'module' object is not callable":
        found = [f"`{module}:{name}`" for name in factories_in(named)]
        return (f"`{module}` is a module, not a factory in it: a factory is `module:object`"
                + (f"; the factories in it: {first_and_more(found, MOST_MEANT)}" if found else ""))
    looked_in = getattr(exc, "obj", None)
    if not isinstance(exc, AttributeError) or looked_in is None:
        return None
    if exc.name not in attributes.split("."):
        return None
    return said_meant(nearest(exc.name, [
        name for name in dir(looked_in)
        if not name.startswith("_") and callable(getattr(looked_in, name, None))]))


def factories_in(module: types.ModuleType) -> list[str]:
    """The factories `module` defines, as a reference names them after its `:`: its public
    callables named `…factory` (`filter_factory`), and the `factory` of its classes
    (`RequestId.factory`, as OpenStack's middleware have it), in the module's order."""
    found = []
    for name, value in vars(module).items():
        if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
            continue
        if isinstance(value, type) and callable(getattr(value, "factory", None)):
            found.append(f"{name}.factory")
        elif callable(value) and name.lower().endswith("factory"):
            found.append(name)
    return found


def colon_meant(reference: str) -> str | None:
    """`mymod:filter_factory` for `mymod.filter_factory`, a reference with a dot where its
    `:` goes, when the module before that dot is imported and holds the callable after it;
    else None.

    PasteDeploy imports a reference with no `:` whole, as a module, and Python's "No module
    named 'mymod.filter_factory'; 'mymod' is not a package" read as a module to install or
    put on the path, where the module was found and only the `:` was missing. The failed
    import has imported every module it found (`sys.modules`): nothing new is imported here.
    """
    parts = reference.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        found = sys.modules.get(".".join(parts[:cut]))
        if found is None:
            continue
        for name in parts[cut:]:
            found = getattr(found, name, None)
        if not callable(found):
            return None
        return f"{'.'.join(parts[:cut])}:{'.'.join(parts[cut:])}"
    return None


def not_a_package(missing: str) -> str | None:
    """What to write for `mymod.filter_factroy`, a reference with a dot where its `:` goes,
    after a module that is no package, when nothing callable of that name is in it
    (`colon_meant`): the module's factories nearest the name, if any is near. Python's "No
    module named 'mymod.filter_factroy'; 'mymod' is not a package" read as a package to
    install. None when the module before the dot was not imported or is a package."""
    parent, _, name = missing.rpartition(".")
    found = sys.modules.get(parent) if parent else None
    if found is None or hasattr(found, "__path__"):
        return None
    near = said_meant([f"{parent}:{meant}" for meant in nearest(name, factories_in(found))])
    return (f"`{parent}` is a module, not a package: a factory is `module:object`"
            + (f"; {near}" if near else ""))


def app_only_failed(node: Node | None, exc: BaseException, raised_in: str) -> str | None:
    """What to write instead, when `node` failed as a filter whose factory builds only an app
    now (`stack.known_filters.app_only_words`: oslo.middleware's healthcheck), its factory's
    code raising `exc` (at `raised_in`, `code_raised_in`'s), else None.
    Its NotImplementedError says "deploy it as an app" but not how, nor that the pipeline
    must then lose it."""
    if node is None or node.kind not in ("filter", "filter-app"):
        return None
    if not isinstance(exc, NotImplementedError) or not raised_in:
        return None
    how = known_filters.app_only_words(node.factory, node.name)
    return None if how is None else f"since {known_filters.APP_ONLY_SINCE}: {how}"


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


def install_hint(exc: BaseException, required: bool, folder: str) -> str:
    """What to do about a package or module Python cannot find, or "": a distribution a
    section's `require =` names (`required`), the package an `egg:` reference names, or a
    factory's module. A developer serving their own middleware from its folder meets the last
    first (the ini's folder is not on Python's path): a module the ini's `folder` holds is
    said to be there, with the PYTHONPATH that finds it, as "set PYTHONPATH to the folder
    that holds it" left them to work out which folder, and that the ini's own is not searched.
    A distribution is found by its metadata, which only installing it gives."""
    if isinstance(exc, PackageNotFoundError):
        if required:
            return (f"`require` names installed packages: install `{exc.name}`, or take it "
                    f"out of `require`")
        return f"`egg:` names an installed package: install the one that provides `{exc.name}`"
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return ""
    beside = beside_ini(exc.name, folder)
    if beside is not None:
        # NOTE: a PYTHONPATH set already is kept: the modules it finds are needed too.
        kept = f"{os.pathsep}$PYTHONPATH" if os.environ.get("PYTHONPATH") else ""
        return (f"not on Python's path: `{beside}` is in the ini's folder, which Python does not "
                f"search; run `python -m stack` with PYTHONPATH={shlex.quote(folder)}{kept}")
    return (f"not on Python's path: install the package that provides `{exc.name}`, or set "
            f"PYTHONPATH to the folder that holds it")


def beside_ini(module: str, folder: str) -> str | None:
    """`mymod.py` (or the package `mymod/`) when `folder` holds the top-level module `module`
    Python could not find, else None. A dotted name was not found below a package Python did
    find (it names the first part it missed), so it is not the path's doing."""
    if "." in module:
        return None
    for name in (f"{module}.py", f"{module}{os.sep}"):
        if os.path.exists(os.path.join(folder, name)):
            return name
    return None


def near_setting(ini: IniFile, node: Node | None, exc: BaseException,
                 raised_in: str) -> tuple[int, str] | None:
    """`(line, hint)` when a factory's code (at `raised_in`, `code_raised_in`'s) read a
    setting `node`'s section does not set (`local_conf["greeting"]`'s KeyError) and the
    section sets one of a name near it (`greting`): that setting's line and "the section sets
    `greting` at line 54: did you mean it?"; else None.

    The message names the setting the code read, not the one the ini wrote: cited at the
    section's header, the misspelling was left to be found by eye. Known in the file read only,
    whose lines are known.
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
        return None
    sets = listed([f"`{name}` at line {lines[name]}" for name in meant])
    return lines[meant[0]], (f"the section sets {sets}: did you mean "
                             f"{'it' if len(meant) == 1 else 'one of them'}?")


def section_read(ini: IniFile, node: Node) -> str | None:
    """The name of `node`'s section in the file read, whose lines are known; None for a
    section of a file it refers to."""
    if ini.source is None or node.file != ini.file:
        return None
    return ini.source.sections_at.get(node.line)
