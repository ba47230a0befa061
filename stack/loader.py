"""Build an ini's app with PasteDeploy itself, wrapping every node it creates in a probe.

PasteDeploy resolves a section into a `LoaderContext` (`ConfigLoader.get_context`) and builds it
with `LoaderContext.create`. While loading, both are wrapped: the first tags each context with
its graph node id, the second wraps what the context builds — an app in a `NodeProbe`, a filter
factory in a function that probes the filter it makes. So any filter, ours or a third party's,
is traced unchanged, and probe ids are the graph's ids. Nothing stays patched after loading, and
when tracing is off no probe is made: the load only notes, as it does traced, which section an
exception left (`LoadFailed`), so that a factory that fails is named with its section, and each
Routes router's route table (`python -m stack which --load` answers with them). Asked
to check the WSGI rules (`serve --check-wsgi`), it puts each layer a new probe wraps in a
`stack.wsgi_checks.CheckedLayer` first, and what each filter, filter-app and composite hands
requests to in a `stack.wsgi_checks.PassedDown`; else nothing of that module is installed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import sys
import sysconfig
import threading
import types
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from importlib.metadata import PackageNotFoundError
from typing import Any

import routes
from paste.deploy import loadapp
from paste.deploy import loadwsgi
from paste.deploy import util

from stack import known_filters
from stack import routing
from stack.graph import IniFile
from stack.graph import Node
from stack.graph import PipelineGraph
from stack.graph import load_graph
from stack.graph import node_id
from stack.graph import read_ini
from stack.graph import section_kind
from stack.ini_text import check_regular
from stack.near_names import MOST_MEANT
from stack.near_names import first_and_more
from stack.near_names import listed
from stack.near_names import nearest
from stack.near_names import nearest_distribution
from stack.near_names import nearest_module
from stack.near_names import said_meant
from stack.trace import NodeProbe
from stack.trace import Trace
from stack.trace import TracedApp
from stack.trace import innermost
from stack.trace import label_host
from stack.trace import label_prefix
from stack.trace import line_of
from stack.wire import node_kind
from stack.wsgi import Router
from stack.wsgi_checks import PassedDown
from stack.wsgi_checks import checked
from stack.wsgi_checks import passed_down

#: Attribute a LoaderContext carries its graph node id in.
NODE_ATTR = "pastescope_node"
#: Attribute the filter's LoaderContext of a `[filter-app:…]` carries that section's node id
#: in, with --check-wsgi: the environ its filter passes down is said of the filter-app.
FILTER_APP_ATTR = "pastescope_filter_app"
_patch_lock = threading.Lock()


@dataclass
class LoadedStack:
    """A loaded app with what a viewer needs to draw it: graph and route tables."""

    name: str
    file: str
    app: Callable
    graph: PipelineGraph
    routes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: The app, pipeline and composite nodes the load built (`Instrumenter.built`): an app
    #: absent from `routes` has no router only if it is here.
    built: frozenset[str] = frozenset()


def load_stack(path: str, name: str, submit: Callable[[Trace], None] | None,
               label: str | None = None, check_wsgi: bool = False) -> LoadedStack:
    """Load section `name` of `path`; traced (every node probed) unless `submit` is None, its
    traces naming the stack `label` (default: `name`); with `check_wsgi` (and traced), each
    layer's WSGI rules checked (`stack.wsgi_checks`). The route tables are taken traced or
    not: `which --load` answers with them, tracing nothing."""
    ini = read_ini(path)
    graph = load_graph(path, name, ini=ini)
    uri = "config:" + os.path.abspath(path)
    instrumenter = Instrumenter(graph, ini.prefixes, wrap=submit is not None,
                                check_wsgi=check_wsgi)
    try:
        with _patch_lock, instrumenter.patched():
            app = loadapp(uri, name=name)
    except Exception as exc:
        failed = next((graph.nodes[n] for n in instrumenter.failed if n in graph.nodes), None)
        called, hint = instrumenter.miscalled
        setting = quoted_setting(ini, failed, exc)
        meant = misspelt_factory(failed, exc)
        if meant is not None:
            setting = factory_setting(ini, failed) or setting
        required = required_setting(ini, failed, exc)
        if required is not None:
            setting = required
            meant = said_meant(nearest_distribution(exc.name))
        near = near_setting(ini, failed, exc)
        line = None
        if near is not None:
            line, meant = near
        if called is not exc:
            # NOTE: a near name says more than "install it": the name was likely misspelt.
            hint = meant or install_hint(exc, required is not None,
                                         os.path.dirname(os.path.abspath(path)))
        app_only = app_only_failed(failed, exc)
        if app_only is not None:
            # NOTE: at its factory's line, the one to rewrite, not quoted: the hint quotes
            # what to write there instead, and the message stays whole (`readable`'s 400).
            factory = factory_setting(ini, failed)
            setting, hint, line = None, app_only, factory[2] if factory else None
        raise LoadFailed(failed, exc, setting, hint, line, ini.hide) from exc
    if submit is not None:
        app = TracedApp(app, label or name, submit, instrumenter.layers)
    return LoadedStack(name, path, app, graph, instrumenter.routes,
                       frozenset(instrumenter.built))


class LoadFailed(Exception):
    """A factory's import or construction failed (`cause`, also the `__cause__`): `node`,
    the innermost section of the graph being loaded when it did (None if none); `setting`,
    the setting of that section the message quotes (`quoted_setting`); `raised_in`, the line
    of the factory's code that raised it (`code_raised_in`); `hint`, what to do about it: how
    PasteDeploy calls a factory of its kind, when the call itself failed (`CALLED_AS`), the
    name meant, when one near the name written is there, what to install or put on Python's
    path (`install_hint`), what to write instead of a filter that is an app now
    (`app_only_failed`), else ""; `line`, the line of the section to cite when the message
    quotes none of its settings but names one near a setting it sets (`near_setting`), else
    None; `hide`, what hides the file's secrets in all these (`IniFile.hide`): a secret
    interpolated into a setting, as `require = %(admin_password)s`, is quoted by the setting
    and named by the error."""

    def __init__(self, node: Node | None, cause: Exception,
                 setting: tuple[str, str, int | None] | None, hint: str, line: int | None,
                 hide: Callable[[str], str]) -> None:
        super().__init__(hide(f"{type(cause).__name__}: {cause}"))
        self.node = node
        self.setting = None if setting is None else (setting[0], hide(setting[1]), setting[2])
        self.raised_in = code_raised_in(cause)
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


#: Where loading's own code is, which `code_raised_in` looks past: PasteDeploy's, the standard
#: library's (importlib's) and this module's.
_LOADING_CODE = (os.path.dirname(loadwsgi.__file__) + os.sep,
                 sysconfig.get_paths()["stdlib"] + os.sep, "<frozen ", __file__)
#: The loader itself, PasteDeploy's and this module's hooks into it: a factory calling it back
#: (a urlmap's or pipeline_factory's `loader.get_app`) has handed the load on, so what raised
#: below it is not the factory's doing.
_LOADER_CODE = (loadwsgi.__file__, __file__)


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


def misspelt_factory(node: Node | None, exc: BaseException) -> str | None:
    """`did you mean `filter_factory`?` when the load failed because the factory reference of
    `node`'s section names what is not there, and a name near it is: an attribute of the module
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
    if node is None or not node.factory or code_raised_in(exc):
        return None
    scheme, _, reference = node.factory.partition(":")
    if scheme == "egg":
        # NOTE: an entry point an installed distribution lacks is the graph's refusal
        # (`stack.graph_sections.missing_entry_point`), before anything is imported.
        spec = reference.partition("#")[0]
        if isinstance(exc, PackageNotFoundError) and exc.name == spec:
            return said_meant(nearest_distribution(spec))
        return None
    module, colon, attributes = (reference if scheme == "call" else node.factory).partition(":")
    if isinstance(exc, ModuleNotFoundError) and exc.name is not None:
        if not f"{module}.".startswith(f"{exc.name}."):
            return None
        dotted = None if colon else colon_meant(module)
        if dotted is not None:
            return f"a factory is `module:object`: did you mean `{dotted}`?"
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


def app_only_failed(node: Node | None, exc: BaseException) -> str | None:
    """What to write instead, when `node` failed as a filter whose factory builds only an app
    now (`stack.known_filters.app_only_words`: oslo.middleware's healthcheck), else None.
    Its NotImplementedError says "deploy it as an app" but not how, nor that the pipeline
    must then lose it."""
    if node is None or node.kind not in ("filter", "filter-app"):
        return None
    if not isinstance(exc, NotImplementedError) or not code_raised_in(exc):
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


def required_setting(ini: IniFile, node: Node | None,
                     exc: BaseException) -> tuple[str, str, int | None] | None:
    """`("require", value, line)` when the load failed as a distribution the `require =` of
    `node`'s section names is not installed (`quoted_setting`'s shape), else None.

    PasteDeploy checks it before it calls the factory, and its message names the distribution
    but no setting: cited at the section's header, it read as the factory's fault. Known in
    the file read only, whose lines are known.
    """
    if node is None or not isinstance(exc, PackageNotFoundError) or code_raised_in(exc):
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
        return (f"not on Python's path: `{beside}` is in the ini's folder, which Python does not "
                f"search; run `python -m stack` with PYTHONPATH={shlex.quote(folder)}")
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


def near_setting(ini: IniFile, node: Node | None,
                 exc: BaseException) -> tuple[int, str] | None:
    """`(line, hint)` when a factory's code read a setting `node`'s section does not set
    (`local_conf["greeting"]`'s KeyError) and the section sets one of a name near it
    (`greting`): that setting's line and "the section sets `greting` at line 54: did you mean
    it?"; else None.

    The message names the setting the code read, not the one the ini wrote: cited at the
    section's header, the misspelling was left to be found by eye. Known in the file read only,
    whose lines are known.
    """
    if node is None or not isinstance(exc, KeyError) or not code_raised_in(exc):
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


class Instrumenter:
    """Tags PasteDeploy's contexts with node ids and wraps what they create (with `wrap`; else
    it only notes which sections failed to load and the routers' route tables), each layer
    checked first with `check_wsgi`."""

    def __init__(self, graph: PipelineGraph, prefixes: dict[str, str | None],
                 wrap: bool = True, check_wsgi: bool = False) -> None:
        self.graph = graph
        #: Each file's id prefix (`IniFile.prefixes`), by absolute path.
        self.prefixes = prefixes
        self.wrap = wrap
        self.check_wsgi = check_wsgi
        self.routes: dict[str, list[dict[str, Any]]] = {}
        #: The app, pipeline and composite nodes built, traced or not: a composite may build
        #: only some of its alternatives (a `pipeline_factory`, the one its auth_strategy
        #: names), and an app it left out has no route table for want of being built.
        self.built: set[str] = set()
        #: The nodes whose loading an exception left, innermost first: a load error names
        #: the section that failed, not only the one asked for.
        self.failed: list[str] = []
        #: The innermost exception that calling a factory (or the filter one made) raised as
        #: the call did not fit it, and how PasteDeploy calls that factory (`CALLED_AS`).
        self.miscalled: tuple[BaseException | None, str] = (None, "")
        #: The app each probe wraps (unchecked), by node: which layer's streamed body raised
        #: an error is told by its code (`stack.body_layers`).
        self.layers: dict[str, list[Callable]] = {}
        #: Per context being created, innermost last: its node and the node ids and probes
        #: created directly inside it; the root (no node) holds what the load returns.
        self._building: list[tuple[str | None, list[Any]]] = [(None, [])]

    @contextlib.contextmanager
    def patched(self) -> Iterator[None]:
        """PasteDeploy's two hooks wrapped for the duration of a load.

        PasteDeploy follows a chain of `use =` sections by recursion, two frames a hop; the
        wrapped `get_context` adds a third, and a server starts the load deeper than a bare
        `loadapp` does. So the load gets twice the recursion room, and a traced stack loads
        every chain PasteDeploy's own `loadapp` does (`stack.graph_sections.MAX_USE_HOPS`).
        """
        original_get_context = loadwsgi.ConfigLoader.get_context
        original_open = loadwsgi.ConfigLoader.__init__
        original_create = loadwsgi.LoaderContext.create
        original_get_app = loadwsgi._Loader.get_app
        recursion_limit = sys.getrecursionlimit()

        def get_context(loader, object_type, name=None, global_conf=None):
            try:
                context = original_get_context(loader, object_type, name, global_conf)
            except Exception:  # a factory's import: `failed`
                with contextlib.suppress(Exception):  # no such section: the graph says why
                    self.failed.append(self.node_for(loader, object_type, name))
                raise
            self.tag(loader, object_type, name, context)
            return context

        def open_config(loader, filename):
            # NOTE: PasteDeploy would read a fifo or a device (`use = config:/dev/zero#x`) for
            # ever: refused before it opens one, the graph, which refused it too, says where.
            check_regular(filename.strip(), filename.strip())
            original_open(loader, filename)

        def create(context):
            return self.create(context, original_create)

        def get_app(loader, name=None, global_conf=None):
            return self.branch(original_get_app(loader, name, global_conf))

        loadwsgi.ConfigLoader.get_context = get_context
        loadwsgi.ConfigLoader.__init__ = open_config
        loadwsgi.LoaderContext.create = create
        if self.wrap and self.check_wsgi:
            loadwsgi._Loader.get_app = get_app
        sys.setrecursionlimit(2 * recursion_limit)
        try:
            yield
        finally:
            sys.setrecursionlimit(recursion_limit)
            loadwsgi.ConfigLoader.get_context = original_get_context
            loadwsgi.ConfigLoader.__init__ = original_open
            loadwsgi.LoaderContext.create = original_create
            loadwsgi._Loader.get_app = original_get_app

    # -- tagging --------------------------------------------------------------------------

    def node_for(self, loader, object_type, name: str | None) -> str | None:
        if loader.absolute_name(name):
            if name.startswith("config:"):
                return None  # the other file's loader tagged it with its own section's id
            return f"{'filter' if object_type is loadwsgi.FILTER else 'app'}:{name}"
        section = loader.find_config_section(object_type, name=name)
        prefix, _, section_name = section.partition(":")
        return node_id(section_kind(prefix), section_name.strip() or "main",
                       self.prefixes[os.path.abspath(loader.filename)])

    def tag(self, loader, object_type, name: str | None, context) -> None:
        node = self.node_for(loader, object_type, name)
        if node is None:
            return
        if context.object_type is loadwsgi.FILTER_WITH:
            # The section's own object is the one being filtered; the composition is not a node.
            setattr(context.next_context, NODE_ATTR, node)
            setattr(context, NODE_ATTR, None)
        elif context.object_type is loadwsgi.FILTER_APP:
            setattr(context, NODE_ATTR, node)
            setattr(context.filter_context, NODE_ATTR, None)
            if self.wrap and self.check_wsgi:
                setattr(context.filter_context, FILTER_APP_ATTR, node)
        else:
            setattr(context, NODE_ATTR, node)

    # -- wrapping -------------------------------------------------------------------------

    def create(self, context, original_create: Callable) -> Any:
        node = getattr(context, NODE_ATTR, None)
        if node is None:
            built = original_create(context)
            filter_app = getattr(context, FILTER_APP_ATTR, None)
            if filter_app is None:
                return built
            # A [filter-app:…]'s filter: PasteDeploy hands it `next` itself, not through
            # `traced_filter`, so what it passes down is checked here, as the filter-app's.
            return lambda app: built(passed_down(app, filter_app))
        self._building.append((node, []))
        try:
            built = original_create(context)
        except Exception as exc:
            self.failed.append(node)
            self.note_miscall(exc, context.protocol, util.fix_call)
            raise
        finally:
            _, children = self._building.pop()
        if not callable(built):  # else it fails at its first request, or as a filter is applied
            self.failed.append(node)
            wanted = ("a filter (a callable taking the app it wraps)"
                      if context.object_type is loadwsgi.FILTER else "a WSGI app (a callable)")
            raise TypeError(f"its factory{self.factory_words(node)} returned "
                            f"{returned_words(built)}, not {wanted}")
        if context.object_type is loadwsgi.FILTER:
            self._building[-1][1].append(node)
            return self.traced_filter(node, built, context.protocol)
        self.built.add(node)
        if isinstance(getattr(built, "map", None), routes.Mapper):
            controllers = ({name: resource.controller for name, resource in built.resources.items()}
                           if isinstance(built, Router) else None)
            self.routes[node] = routing.route_table(built.map, controllers)
        if not self.wrap:
            return built
        if isinstance(built, PassedDown) and built.node == node:
            built = built.app  # a composite that is its branch passes nothing down itself
        if not isinstance(built, NodeProbe):  # a probe's layer is known and checked already
            self.layers.setdefault(node, []).append(built)
            if self.check_wsgi:
                built = checked(built, node)
        if self.dispatches(node):
            probe = self.composite(built, node, children)
        else:
            probe = probed(built, node)
        self._building[-1][1].append(probe)
        return probe

    def dispatches(self, node: str) -> bool:
        """Whether `node` is built as a composite: by what PasteDeploy built
        (`Node.built_as`), not the header, as an [app:main] of Paste's urlmap dispatches, and
        says so, as a [composite:main] does."""
        known = self.graph.nodes.get(node)
        return (known is not None and known.built_as or node_kind(node)) == "composite"

    def branch(self, app: Any) -> Any:
        """`app`, which the factory being called asked the loader for (`loader.get_app`), as
        it gets it with --check-wsgi: when that factory is a composite's and `app` one of its
        branches, with the environ the composite passes down checked, and said of it.

        Only a branch: the app a `pipeline_factory` hands its last filter is that filter's to
        call, and checked as the filter passes down.
        """
        composite = self._building[-1][0]
        if (composite is None or not isinstance(app, NodeProbe)
                or not self.dispatches(composite)
                or self.edge_target(composite, app.entry)[0] is None):
            return app
        return passed_down(app, composite)

    def factory_words(self, node: str) -> str:
        """` FACTORY`, the `use =` or `paste.*_factory` value of `node`'s section, if known."""
        factory = self.graph.nodes[node].factory if node in self.graph.nodes else None
        return f" {factory}" if factory else ""

    def note_miscall(self, exc: Exception, protocol: str | None, *calls: Any) -> None:
        """Keep how PasteDeploy calls a factory of `protocol`, when `exc` is the first error
        of this load that one of `calls` raised calling such a factory (or its filter)."""
        if self.miscalled[0] is None and protocol in CALLED_AS and call_failed(exc, *calls):
            self.miscalled = (exc, CALLED_AS[protocol])
            exc.args = (named_miscall(str(exc), protocol),)

    def traced_filter(self, node: str, make_filter: Callable, protocol: str | None) -> Callable:
        """A filter factory that probes the filter it makes (with `wrap`), and notes it
        failed when making it raises or makes no WSGI app: one that is None would fail every
        request with "'NoneType' object is not callable", in no frame of the filter's own."""
        building, failed, wrap, check = self._building, self.failed, self.wrap, self.check_wsgi

        def traced(app: Callable) -> Callable:
            try:
                made = make_filter(passed_down(app, node) if wrap and check else app)
            except Exception as exc:
                failed.append(node)
                self.note_miscall(exc, protocol, traced, util.fix_call)
                raise
            if not callable(made):
                failed.append(node)
                raise TypeError(f"the filter its factory{self.factory_words(node)} made "
                                f"returned {returned_words(made)} when given the app it wraps, "
                                f"not a WSGI app (a callable): a filter returns the app "
                                f"wrapped")
            if not wrap:
                return made
            probe = NodeProbe(checked(made, node) if check else made, node)
            self.layers.setdefault(node, []).append(made)
            building[-1][1].append(probe)
            return probe

        return traced

    def composite(self, built: Callable, node: str, children: list[Any]) -> NodeProbe:
        """Probe a composite and link it to its branches, for composite.dispatch and .miss.

        A `pipeline_factory`-style composite returns the chain of the one alternative it
        built; the graph draws that as `pipeline:COMPOSITE[KEY]`, found by which sections were
        built, and the composite, the alternative and the chain's first layer share a probe.
        """
        edges = self.graph.edges_from(node)
        sections = {c if isinstance(c, str) else c.node for c in children}
        for edge in edges:
            positions = [e.target for e in self.graph.edges_from(edge.target)]
            if edge.target.endswith("]") and set(positions) == sections:
                return probed(probed(built, edge.target), node, edge.label)
        probe = probed(built, node)
        # urlmap tries the longest prefix first; say so in the same order.
        probe.tried = sorted((e.label for e in edges), key=lambda label: -len(label_prefix(label)))
        # Per edge target, the outermost layers built for it take the dispatch: a section with
        # `filter-with` is entered through its filters, which are built inside it.
        outermost: dict[str, tuple[int, list[NodeProbe]]] = {}
        for branch in (c for c in children if isinstance(c, NodeProbe)):
            target, depth = self.edge_target(node, branch.entry)
            best, branches = outermost.get(target, (-1, []))
            if depth > best:
                outermost[target] = (depth, [branch])
            elif depth == best:
                branches.append(branch)
        for target, (_, branches) in outermost.items():
            # In the order Paste's URLMap tries them, which `record_dispatch` follows: the
            # keys naming a host first, then the longest prefix.
            labels = sorted(
                (e.label for e in edges if e.target == target),
                key=lambda label: (not label_host(label), -len(label_prefix(label))),
            )
            for branch in branches if labels else ():
                branch.dispatch = (labels, [label_prefix(label) for label in labels], target)
        return probe

    def edge_target(self, composite: str, entry: str) -> tuple[str | None, int]:
        """The target of `composite`'s edge that a layer entered as `entry` serves (None:
        no edge's), and how many `filter-with` filters stand between them (0: `entry` is the
        target itself)."""
        targets = {edge.target for edge in self.graph.edges_from(composite)}
        wrapped = {e.target: e.source for e in self.graph.edges if e.label == "filter-with"}
        node = entry
        for depth in range(len(wrapped) + 1):  # bounded: a chain visits each filter once
            if node in targets:
                return node, depth
            if node not in wrapped:
                break
            node = wrapped[node]
        return None, 0


def returned_words(value: object) -> str:
    """`None`, or `a TYPE`: what a factory or filter returned instead of a callable."""
    return "None" if value is None else f"a {type(value).__name__}"


def probed(built: Callable, node: str, label: str | None = None) -> NodeProbe:
    """`built` probed as `node`; `label` names the static edge from `node` to what it wraps.

    A layer whose object *is* another probed layer (a pipeline is its first filter, a
    pipeline_factory composite its chain) only passes requests on, so it shares that layer's
    probe and interval: one record instead of two on the request path.
    """
    if isinstance(built, NodeProbe):
        built.outer = ((node, label), *built.outer)
        return built
    return NodeProbe(built, node)
