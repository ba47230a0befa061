"""Which branch of a urlmap a request takes, as Paste's `URLMap` (or nova's, or a copy of
it) takes it: longest prefix first, domain and port keys, the SCRIPT_NAME/PATH_INFO shift.

A real `URLMap` is built holding placeholders instead of apps (`_Placeholder`), so the order
and the boundaries (`/v2` vs `/v21`) are Paste's own; nova's reads the API version from the
headers (`stack.nova_urlmap`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from paste.urlmap import URLMap

from stack import nova_urlmap
from stack.composite_factories import called
from stack.explain_composite import host_bound
from stack.explain_composite import host_bound_words
from stack.explain_composite import prefix_reason
from stack.explain_composite import unmatched_words
from stack.explain_words import name
from stack.request_target import header_environ
from stack.wsgi_path import named_path
from stack.wsgi_path import quoted_path
from stack.wsgi_path import readable_path

if TYPE_CHECKING:
    from stack.resolve import Resolution

@dataclass(frozen=True)
class Pruning:
    """A urlmap factory that deletes some of its keys before building Paste's urlmap, by the
    service's config, not the ini: its project, each key with the option that keeps it, and
    whether some of its releases delete them whatever the config."""

    project: str
    options: dict[str, str]
    always: bool = False


#: The `Pruning` factories, by the factory an ini names. cinder's `root_app_factory`
#: (`cinder/api/__init__.py`) deletes `/v1` unless `enable_v1_api`, `/v2` unless
#: `enable_v2_api`, and since those APIs were removed, both whatever the config; glance's
#: (`glance/api/__init__.py`, until it deleted none) each of `/v1`, `/v2` and `/v3` it has
#: unless that version's `enable_vN_api`.
CONFIG_PRUNED = {
    "cinder.api:root_app_factory": Pruning(
        "cinder", {"/v1": "enable_v1_api", "/v2": "enable_v2_api"}, always=True),
    "glance.api:root_app_factory": Pruning(
        "glance", {"/v1": "enable_v1_api", "/v2": "enable_v2_api", "/v3": "enable_v3_api"}),
}


def urlmap_step(
    node: str, out: list[dict], fallback: str | None, copy: nova_urlmap.Copy | None,
    result: Resolution, script_name: str, path_info: str,
) -> tuple[str, str, str, str, str | None] | None:
    """Dispatch as Paste's URLMap does, or as `copy` (nova's, or a copy of it) where it built
    `node`: (label, target, SCRIPT_NAME, PATH_INFO, the header that chose the label or None),
    or None where the urlmap answers itself. `out`: its branches; `fallback`: its
    `not_found_app`, if any."""
    urlmap = URLMap(not_found_app=_Placeholder(None))
    placeholders = {}
    for edge in out:
        url = urlmap.normalize_url(edge["label"])
        placeholders[url] = _Placeholder(edge)  # a prefix given twice: the last one, as Paste
    # NOTE: sorted once, by Paste's own sort_apps: `urlmap[label] = app` sorts the whole
    # list on every insert, and nova-sized maps are small but a file may hold thousands.
    urlmap.applications = list(placeholders.items())
    urlmap.sort_apps()
    tried = [app.edge["label"] for _, app in urlmap.applications]
    environ = {**header_environ(result.headers), "SCRIPT_NAME": script_name,
               "PATH_INFO": path_info, "wsgi.url_scheme": "http",
               "HTTP_HOST": result.host or "localhost"}
    typed = readable_path(path_info)
    what = f"{copy.project}'s urlmap" if copy else "a urlmap"
    pick = None
    try:
        if copy:
            pick = nova_urlmap.dispatch(urlmap, environ, copy)
            edge = pick.app and pick.app.edge
        else:
            edge = urlmap(environ, None)
    except nova_urlmap.NovaError as exc:
        result.stopped = {"node": node, "status": 500,
                          "reason": f"{what} cannot read the headers: {exc}"}
        result.say(f"{name(node)} ({what}) reads the API version from the "
                   f"headers and cannot read them: it raises {exc}, and the request ends "
                   "in a 500.")
        return None
    except AssertionError as exc:  # Paste's own check: PATH_INFO `*` (OPTIONS *) fails it
        result.stopped = {"node": node, "status": 500,
                          "reason": f"Paste's URLMap refuses PATH_INFO `{typed}`: {exc}"}
        result.say(f"{name(node)} (a urlmap) refuses PATH_INFO `{typed}`, which does not "
                   f"start with `/`: Paste's URLMap raises AssertionError ({exc}), and "
                   f"the request ends in a 500.")
        return None
    prefixes = ", ".join(f"`{label}`" for label in tried)
    requested = (f"this request's Host is `{result.host}`" if result.host else
                 f"no host was given, which is taken as `{environ['HTTP_HOST']}`")
    unmatched = unmatched_words(tried, path_info, requested, "a prefix of it ending at a `/`")
    missed = f"{name(node)} ({what}) tries {prefixes}, longest first; {unmatched}"
    if edge is None and fallback is not None:
        result.say(f"{missed}, so its `not_found_app`, {name(fallback)}, answers.")
        went = "not_found_app", fallback, script_name, path_info, None
    elif edge is None:
        bound = host_bound(tried, path_info)
        reason = (host_bound_words(bound, path_info, requested) if bound else
                  f"no prefix matches {quoted_path(path_info)}")
        result.stopped = {"node": node, "status": 404, "tried": tried, "reason": reason}
        result.say(f"{missed}, so it answers 404 itself.")
        went = None
    else:
        moved = environ["SCRIPT_NAME"][len(script_name):]
        sees = named_path("PATH_INFO", environ["PATH_INFO"])
        by = (f"the {pick.by} header's `version={pick.version}`"
              if pick and pick.by in nova_urlmap.ENVIRON_KEYS else None)
        if by and moved:
            shift = (f"`{readable_path(moved)}` is added to SCRIPT_NAME and PATH_INFO is left "
                     f"as it is, so {name(edge['target'])} sees {sees}")
        elif moved:
            shift = (f"`{readable_path(moved)}` moves from PATH_INFO to SCRIPT_NAME, so "
                     f"{name(edge['target'])} sees {sees}")
        else:
            shift = f"nothing moves: {name(edge['target'])} sees {sees}"
        if by:
            wanted = f"/v{pick.version}"
            found = (f"the prefix `{wanted}`" if wanted == edge["label"] else
                     f"`{wanted}`, which only the catch-all `/` matches" if not moved else
                     f"`{wanted}`, which `{edge['label']}` matches")
            reason = (f"by {by}: no prefix other than `/` matches {quoted_path(path_info)}, so "
                      f"{what} takes the API version from the headers and looks it up as "
                      f"{found}")
        else:
            reason = prefix_reason(edge["label"], path_info, tried)
        result.say(f"{name(node)} ({what}) picks `{edge['label']}` (of {len(tried)}), "
                   f"{reason}; {shift}.")
        went = (edge["label"], edge["target"], environ["SCRIPT_NAME"], environ["PATH_INFO"],
                by)
    result.story += pick.unread if pick else []
    return went


def pruned_words(factory: str | None, node: str, label: str) -> str:
    """That the branch `label` a urlmap built by `factory` took may not be there, as its
    factory deletes it by the service's config (`CONFIG_PRUNED`); "" for any other."""
    pruning = CONFIG_PRUNED.get(called(factory))
    option = pruning.options.get(label) if pruning else None
    if pruning is None or option is None:
        return ""
    always = " (later releases whatever the config)" if pruning.always else ""
    return (f"{name(node)} is built by {pruning.project}'s `root_app_factory`, not Paste's "
            f"urlmap alone: it deletes `{label}` first where the service's config sets "
            f"`{option}` false{always}, and the request then goes where the other prefixes "
            "send it; only the running service shows which.")


class _Placeholder:
    """Stands for a urlmap branch: calling it returns the edge it stands for."""

    def __init__(self, edge: dict | None) -> None:
        self.edge = edge

    def __call__(self, environ: dict, start_response: Any) -> dict | None:
        return self.edge
