"""Two ini files in which a `config:` reference leads, under a `set auth_strategy`, to a
composite built by `stack.wsgi.pipeline_factory` (whose own `auth_strategy` PasteDeploy skips
there), or leads there both ways (with and without the `set`), or under a `set` of one of the
composite's keys (which PasteDeploy skips there): for the tests of `inspect`, `which` and the
Ask form on such stacks."""

from __future__ import annotations

import webob
from paste.deploy import loadapp

from tests.conftest import write_ini

APP = "[app:{name}]\npaste.app_factory = tests.stack.paste_apps:make_app\ntext = {name}\n"
#: main.ini: `/` leads to other.ini's composite under a `set auth_strategy`.
SET_ABOVE = ("[composite:main]\nuse = egg:Paste#urlmap\n/ = config:other.ini#api\n"
             "set auth_strategy = anything\n")
#: other.ini's composite, whose own `auth_strategy = noauth2` (line 3) the `set` skips.
COMPOSITE = "[composite:api]\nuse = call:stack.wsgi:pipeline_factory\nauth_strategy = noauth2\n"
#: `/a` leads to other.ini's composite as written; `/b` through `sub`, whose `set` skips its
#: `auth_strategy` there: PasteDeploy builds both, and the second has no pipeline to build.
TWO_WAYS = ("[composite:main]\nuse = egg:Paste#urlmap\n/a = config:other.ini#api\n/b = sub\n\n"
            "[composite:sub]\nuse = egg:Paste#urlmap\n/ = config:other.ini#api\n"
            "set auth_strategy = anything\n")
#: What `which` says of the way through `sub` (that composite has no pipeline to build there).
TWO_WAYS_FAIL = ("which it does not offer (it offers `noauth2`), so it has no pipeline to build, "
                 "on the way the composite `main` → the composite `sub` leads to it. "
                 "PasteDeploy builds every section the composite `main` reaches as it loads it, "
                 "so loading fails, and no request is answered.")
#: What follows it: the graph refuses the composite for the key that way builds
#: (`refused_alternatives`), so another, which a service's config may pick, is offered (`{}`:
#: how to ask about it, on the command line or the page).
OFFERS = " It offers `noauth2` too, which a service's config may pick instead ({})."
#: The composite, as the graph names it.
API = "other.ini#composite:api"


def other_ini(keys: str, apps: list[str]) -> str:
    """other.ini: `COMPOSITE` with `keys` (from line 4), then the apps `apps`."""
    return COMPOSITE + keys + "".join("\n" + APP.format(name=app) for app in apps)


#: other.ini: the composite whose `auth_strategy = noauth2` (line 3) picks its `noauth2` key.
OTHER = other_ini("noauth2 = open\nkeystone = closed\n", ["open", "closed"])
#: main.ini: `/` leads to other.ini's composite (`OTHER`) under a `set` (line 4) of NAME.
SET_OF_KEY = ("[composite:main]\nuse = egg:Paste#urlmap\n/ = config:other.ini#api\n"
              "set {name} = guarded\n")


def referred(folder, keys: str, apps: list[str]) -> str:
    """main.ini (`SET_ABOVE`) and other.ini, its composite with `keys` and the apps `apps`,
    in `folder`: main.ini's path."""
    write_ini(folder, other_ini(keys, apps), "other.ini")
    return str(write_ini(folder, SET_ABOVE, "main.ini"))


def answered(ini: str) -> str:
    """What the stack PasteDeploy builds from `ini` answers `GET /x`: the app's name."""
    return webob.Request.blank("/x").get_response(loadapp(f"config:{ini}")).text


def two_ways(folder) -> str:
    """main.ini (`TWO_WAYS`) and its other.ini, whose one pipeline the composite's own
    `auth_strategy` names, in `folder`: main.ini's path."""
    write_ini(folder, other_ini("noauth2 = open\n", ["open"]), "other.ini")
    return str(write_ini(folder, TWO_WAYS, "main.ini"))


def main_ini(folder, name: str) -> str:
    """main.ini (`SET_OF_KEY`, a `set` of `name`) and other.ini (`OTHER`) in `folder`."""
    write_ini(folder, OTHER, "other.ini")
    return str(write_ini(folder, SET_OF_KEY.format(name=name), "main.ini"))
