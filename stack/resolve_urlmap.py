"""Which branch of a urlmap a request takes, as Paste's `URLMap` (or nova's, or a copy of
it) takes it: longest prefix first, domain and port keys, the SCRIPT_NAME/PATH_INFO shift.

A real `URLMap` is built holding placeholders instead of apps (`_Placeholder`), so the order
and the boundaries (`/v2` vs `/v21`) are Paste's own; nova's reads the API version from the
headers (`stack.nova_urlmap`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from paste.urlmap import URLMap

from stack import nova_urlmap
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


class _Placeholder:
    """Stands for a urlmap branch: calling it returns the edge it stands for."""

    def __init__(self, edge: dict | None) -> None:
        self.edge = edge

    def __call__(self, environ: dict, start_response: Any) -> dict | None:
        return self.edge
