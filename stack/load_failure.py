"""Why loading an ini failed, in words that name the section, the line and the mend.

A factory's import or construction fails inside PasteDeploy, far from the ini line that
caused it. `explained` turns the exception, the section being loaded when it was raised
(`stack.loader.Instrumenter.failed`) and how the failed factory was called into a
`LoadFailed`, which `serve` and `which --load` print as one line. Nothing here imports or
runs the ini's code: it reads what the failed load imported already. Its readings: the line of
the factory's code that raised (`stack.load_failure_code`), the setting to cite
(`stack.load_failure_settings`), the reference meant (`stack.load_failure_meant`); how
PasteDeploy calls a factory, for a call that did not fit (`stack.load_failure_calls`).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError

from stack import known_filters
from stack.graph import IniFile
from stack.graph import Node
from stack.load_failure_code import code_raised_in
from stack.load_failure_meant import misspelt_factory
from stack.load_failure_settings import factory_setting
from stack.load_failure_settings import near_setting
from stack.load_failure_settings import quoted_setting
from stack.load_failure_settings import required_setting
from stack.near_names import nearest_distribution
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
        # what to write there instead, and the message stays whole (`ini_text.MAX_ERROR`).
        factory = factory_setting(ini, failed)
        setting, hint, line = None, app_only, factory[2] if factory else None
    if setting is None and line is None and failed is not None:
        # NOTE: at its factory's line, which leads to the module to mend, not quoted: the
        # reference is right when the module it names failed at its own line, or its
        # factory's call did (`raised_in` says where). Its import failing was cited there
        # and its call at the section's header: one failure of one factory, two lines.
        factory = factory_setting(ini, failed)
        line = factory[2] if factory else None
    return LoadFailed(failed, exc, raised_in, setting, hint, line, ini.hide)


class LoadFailed(Exception):
    """A factory's import or construction failed (`cause`, also the `__cause__`): `node`,
    the innermost section of the graph being loaded when it did (None if none); `setting`,
    the setting of that section the message quotes (`quoted_setting`); `raised_in`, the line
    of the factory's code that raised it, after the developer's lines it came through
    (`code_raised_in`, "" for none); `hint`, what to do about it: how PasteDeploy calls a
    factory of its kind, when the call itself failed (`CALLED_AS`), the name meant, when one
    near the name written is there, what to install or put on Python's path
    (`install_hint`), what to write instead of a filter that is an app now
    (`app_only_failed`), else ""; `line`, the line of the section to cite when the message
    quotes none of its settings: the one near a setting it names (`near_setting`), else its
    factory's (`factory_setting`: its import or its call failed, or it is an app now), else
    None (a section with no factory setting: the header is cited); `hide`, what hides the
    file's secrets in all these (`IniFile.hide`): a secret interpolated into a setting, as
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
