"""The inis of stacks made of the unusual apps (`body_apps`, `start_response_apps`, …), and
a factory's reference as an ini writes it, found by the factory's name alone: a test names the
factory it serves (often a parameter among others), not the module it lives in."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from tests.conftest import StackServer
from tests.conftest import file_traced
from tests.stack import body_apps
from tests.stack import body_end_apps
from tests.stack import environ_filters
from tests.stack import own_routes_apps
from tests.stack import raising_apps
from tests.stack import retry_apps
from tests.stack import router_apps
from tests.stack import slow_apps
from tests.stack import start_response_apps

#: The modules of unusual apps and filters an ini's factories may name.
APP_MODULES: tuple[ModuleType, ...] = (body_apps, body_end_apps, environ_filters, own_routes_apps,
                                       raising_apps, retry_apps, router_apps, slow_apps,
                                       start_response_apps)


def made_by(name: str) -> Callable[..., object]:
    """The factory (or class, or helper) `name` of the unusual apps' modules."""
    for module in APP_MODULES:
        if hasattr(module, name):
            return getattr(module, name)
    raise LookupError(f"no module of unusual apps has {name!r}: {APP_MODULES}")


def ref(name: str) -> str:
    """`module:name` of the unusual apps' factory `name`, as `paste.app_factory =` or `use =
    call:` names it: the module that defines it, not one that imports it."""
    return f"{made_by(name).__module__}:{name}"


def counted_ini(taken, section: str = "main", writes: bool = False, **settings: object) -> str:
    """An app streaming 20 chunks of 1,000 bytes slowly (through write() if `writes`), writing
    to `taken` what was sent; `settings` of `make_counted_app` (`chunks`, `delay`) change it."""
    return (f"[app:{section}]\npaste.app_factory = {ref('make_counted_app')}\n"
            f"record = {taken}\nwrites = {'yes' if writes else ''}\n"
            + "".join(f"{name} = {value}\n" for name, value in settings.items()))


@contextmanager
def traced_router(tmp_path_factory, factory: str) -> Iterator[StackServer]:
    """The router `factory` makes, served traced to a file under `twins_ini`'s ini: a module's
    tests that only send share one."""
    folder = tmp_path_factory.mktemp(factory)
    with file_traced(twins_ini(folder, factory), "main", folder) as server:
        yield server


def twins_ini(tmp_path: Path, factory: str) -> str:
    """An ini in `tmp_path` whose `main` maps `/` to `app:twins`, the router the
    unusual apps' `factory` makes: the stack a test serves to see its routes."""
    ini = tmp_path / "twins.ini"
    ini.write_text(f"[composite:main]\nuse = egg:Paste#urlmap\n/ = twins\n\n"
                   f"[app:twins]\nuse = call:{ref(factory)}\n")
    return str(ini)


#: The app line of `paste_apps.make_app`, the plain app answering `text` with `status`, for a
#: filter's ini (`filtered`) whose app only has to answer.
PLAIN_APP = "use = call:tests.stack.paste_apps:make_app"


def filtered(name: str, factory: str, settings: str = "", app: str = "make_class_app",
             app_settings: str = "", app_line: str = "") -> str:
    """The ini of one filter and an app: main → pipeline [the filter `name` made by the
    unusual apps' `factory`, the app made by its `app` or given by its whole `app_line`
    (`PLAIN_APP`)], each with its `settings` lines."""
    app_line = app_line or f"paste.app_factory = {ref(app)}"
    return (f"[pipeline:main]\npipeline = {name} app\n\n"
            f"[filter:{name}]\npaste.filter_factory = {ref(factory)}\n{settings}\n"
            f"[app:app]\n{app_line}\n{app_settings}")


def forbidding(error: str) -> str:
    """An ini whose plain filter raises WebOb's HTTP exception `error` before its app."""
    return filtered("forbid", "make_forbidding_filter", f"error = {error}\n",
                    app_line=PLAIN_APP)


def rewriting(to: str = "") -> str:
    """An ini whose filter moves the request under `/base`, its path under `to` (as the environ
    holds it; the filter's own `/moved` if empty), before its app answers 404."""
    return filtered("rewrite", "make_rewriting_filter", f"to = {to}\n" if to else "",
                    app_settings="status = 404 Not Found\n", app_line=PLAIN_APP)

