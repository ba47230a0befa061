"""Nova's own urlmap (`nova.api.openstack.urlmap:urlmap_factory`), and the copies other
projects ship of it, walked without them.

Nova's `URLMap` subclasses Paste's and keeps its prefixes, but when no prefix other than `/`
matches the path it takes the API version from the request's headers: the `version=` of the
Content-Type, else of the Accept entry that best matches a type nova serves, looked up as the
prefix `/vVERSION`. Paste's URLMap would send `GET /servers` with `Accept:
application/json;version=2.1` to `/`; nova sends it to `/v2.1`. `stack.resolve` asks this
module of a composite built by that factory or a copy in `COPIES` (by its name: nothing is
imported), so an operator reading nova's api-paste.ini on a machine without nova gets nova's
answer.

The behaviour is nova's (`nova/api/openstack/urlmap.py`, and `get_supported_content_types`
in `nova/api/openstack/wsgi.py`, since nova dropped XML); the code is written here again.
"""

from __future__ import annotations

import re
import urllib.request
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from paste.urlmap import URLMap

from stack.composite_factories import called

#: Also matched for a version's index or the root index (`/v2.1/`, `/`), as nova does.
ATOM = "application/atom+xml"
#: A quoted string in a header's parameters (`version="2.1"`).
_QUOTED = r'"[^"\\]*(?:\\.[^"\\]*)*"'
#: One `;name[=value]` piece of a header. NOTE: as nova's, an unquoted value runs to the next
#: `;` with its trailing spaces (`version=2.1 ;q=1` looks up `/v2.1 `, which only `/` matches).
_PIECE = re.compile(rf";\s*([^\s;=]+|{_QUOTED})\s*(?:=\s*([^;]+|{_QUOTED}))?\s*")
#: Where each header is in the WSGI environ.
ENVIRON_KEYS = {"Content-Type": "CONTENT_TYPE", "Accept": "HTTP_ACCEPT"}


class NovaError(Exception):
    """What nova's urlmap (or a copy) raises on a header it cannot read: the request ends in a
    500."""


@dataclass(frozen=True)
class Copy:
    """A project's urlmap that is nova's or a copy of it: `project` names it in what `which`
    says, `served` are the response types it serves (its `wsgi.get_supported_content_types`:
    an Accept entry is read only where it matches one of them), and `wildcard` whether it has
    nova's `/+` keys (`match`)."""

    project: str
    served: tuple[str, ...]
    wildcard: bool


#: The urlmaps walked as nova's, by the factory a section's `use = call:…` or
#: `paste.composite_factory` names. A copy is here only where its code was read and found to be
#: nova's in every respect this module models but its fields: masakari's
#: (`masakari/api/urlmap.py`, openstack/masakari 17daab0) serves its own vendor type and has no
#: `/+` keys. NOTE: cinder's and manila's `…api.openstack.urlmap:urlmap_factory` are not here:
#: later releases made them shims that return no app, and cinder's first, a copy, served XML.
COPIES = {
    "nova.api.openstack.urlmap:urlmap_factory": Copy(
        "nova", ("application/json", "application/vnd.openstack.compute+json"), wildcard=True),
    "masakari.api.urlmap:urlmap_factory": Copy(
        "masakari", ("application/json", "application/vnd.openstack.masakari+json"),
        wildcard=False),
}


@dataclass
class Pick:
    """The branch nova's urlmap takes (`app`, the URLMap's value; None when none matches) and
    how: `by` is `prefix` (a prefix other than `/` matched), `Content-Type` or `Accept` (that
    header's `version`), or `path` (no header version found a branch: the path decides, `/`
    too). `version`: the header's that found the branch, and `prefix` the key it matched,
    which SCRIPT_NAME gets. `unread`: why a `version=` a header holds decided nothing, one
    sentence each."""

    app: Any
    by: str
    version: str | None = None
    prefix: str = ""
    unread: list[str] = field(default_factory=list)


def urlmap_copy(factory: str | None) -> Copy | None:
    """The copy of nova's urlmap a composite's factory names, or None (Paste's, or another)."""
    return COPIES.get(called(factory))


def _unquote(value: str) -> str:
    return value[1:-1] if value and value[0] == value[-1] == '"' else value


def header_params(value: str) -> tuple[str, dict[str, str | None]]:
    """`(type, {parameter: value})` of a Content-Type-like value, read as nova reads it: a
    parameter without `=` has the value None, and a later one of a name wins."""
    if not value:
        return "", {}
    pieces = [(m.group(1), m.group(2)) for m in _PIECE.finditer(";" + value)]
    if not pieces:  # nova's tokenizer yields nothing, and its `next()` raises
        raise NovaError(f"StopIteration: {value!r} has no media type")
    return _unquote(pieces[0][0]), {_unquote(k): None if v is None else _unquote(v)
                                    for k, v in pieces[1:]}


def accept_entries(value: str) -> list[tuple[str, dict[str, str | None]]]:
    """The entries of an Accept value, split at commas outside quotes, each as `header_params`."""
    entries = []
    for item in urllib.request.parse_http_list(value):
        if item[:1] == item[-1:] == '"':
            item = _unquote(item[1:-1])
        entries.append(header_params(item))
    return entries


def _covers(mask: str, served: str) -> bool:
    """Whether an Accept entry's type (`*/*`, `application/*`, or a type) covers `served`."""
    if "*" not in mask:
        return mask == served
    return mask == "*/*" or mask[:-2] == served.split("/", 1)[0]


def best_accept(entries: list[tuple[str, dict[str, str | None]]],
                served: list[str]) -> tuple[str | None, dict[str, str | None]]:
    """The served type nova picks from the Accept entries, and that entry's parameters.

    Served types are tried in order, and for each the entries in order: one of a higher `q`
    wins; at an equal `q`, only a more specific one (fewer `*`); an unreadable `q` is skipped.
    """
    best_q, best_type, best_params, best_mask = -1.0, None, {}, "*/*"
    for offered in served:
        for mask, params in entries:
            q = params.get("q", 1)
            if q is None:
                raise NovaError("TypeError: an Accept entry's `q` has no value")
            try:
                quality = float(q)
            except ValueError:
                continue
            if quality < best_q or (quality == best_q
                                    and best_mask.count("*") <= mask.count("*")):
                continue
            if _covers(mask, offered):
                best_q, best_type, best_params, best_mask = quality, offered, params, mask
    return best_type, best_params


def match(urlmap: URLMap, host: str, port: str, path: str,
          wildcard: bool) -> tuple[Any, str | None]:
    """`(app, prefix)` of the first of `urlmap`'s keys (longest first) that matches `path`.

    As Paste's, plus, with `wildcard`, nova's: a key ending in `/+` (`/foo/+`) matches a path
    that goes on after its `/` (`/foo/bar`, not `/foo/`), and is the prefix `/foo`. Without
    it, as in masakari's copy, `/foo/+` is a plain prefix."""
    for (domain, prefix), app in urlmap.applications:
        if domain and domain not in (host, f"{host}:{port}"):
            continue
        if wildcard and prefix.endswith("/+"):
            if path.startswith(prefix[:-1]) and len(path) >= len(prefix):
                return app, prefix[:-2]
            continue
        if path == prefix or path.startswith(prefix + "/"):
            return app, prefix
    return None, None


def _version(params: dict[str, str | None], header: str) -> str | None:
    """The `version=` of a header's parameters; NovaError where it has no value (nova adds
    None to `/v`)."""
    if "version" in params and params["version"] is None:
        raise NovaError(f"TypeError: the {header} header's `version` has no value")
    return params.get("version")


def _given(environ: dict[str, Any]) -> dict[str, str]:
    """The version each header gives (Accept: its first entry with one), to say which decided
    nothing; a header nova cannot read gives none here (reading it is `dispatch`'s)."""
    given = {}
    for header, key in ENVIRON_KEYS.items():
        try:
            value = environ.get(key, "")
            entries = accept_entries(value) if header == "Accept" else [header_params(value)]
        except NovaError:
            continue
        found = [params["version"] for _, params in entries if params.get("version")]
        if found:
            given[header] = found[0]
    return given


def dispatch(urlmap: URLMap, environ: dict[str, Any], copy: Copy) -> Pick:
    """Pick a branch of `urlmap` (Paste's, holding the branches) as `copy`, nova's URLMap or a
    copy of it, does, and set SCRIPT_NAME and PATH_INFO in `environ` as it would: a prefix
    moves from PATH_INFO to SCRIPT_NAME; a header's version adds its prefix to SCRIPT_NAME,
    leaving PATH_INFO as it is.

    AssertionError where Paste's would raise one (a PATH_INFO not starting with `/`), and
    NovaError where nova's reading of the headers raises. NOTE: nova reads the Accept header
    whenever the path has no type suffix (`.json`), for the response's type, even after a
    prefix or the Content-Type picked the branch: one it cannot read fails the request then too.
    """
    host, _, port = environ["HTTP_HOST"].lower().partition(":")
    port = port or ("80" if environ["wsgi.url_scheme"] == "http" else "443")
    path = urlmap.normalize_url(environ["PATH_INFO"], False)[1]
    suffix = path.rsplit(".", 1)[1:]
    typed = bool(suffix) and f"application/{suffix[0]}" in copy.served
    app, prefix = match(urlmap, host, port, path, copy.wildcard)
    served = list(copy.served)
    if (prefix and prefix + "/" == path) or path == "/":
        served.append(ATOM)
    pick = Pick(app, "prefix") if app is not None and prefix else None
    looked_up = {}  # header → the version it gave that found no key
    if pick is None:
        pick = _by_version(urlmap, host, port, copy, "Content-Type",
                           header_params(environ.get("CONTENT_TYPE", ""))[1], looked_up)
    best = None  # the served type the Accept header matches best, where it was read
    if not typed or pick is None:
        best, params = best_accept(accept_entries(environ.get("HTTP_ACCEPT", "")), served)
        by_accept = _by_version(urlmap, host, port, copy, "Accept", params, looked_up)
        pick = pick or by_accept
    if pick is None:
        if app is not None:
            _move(environ, path, prefix)
        pick = Pick(app, "path")
    elif pick.by == "prefix":
        _move(environ, path, prefix)
    else:
        environ["SCRIPT_NAME"] += pick.prefix
    pick.unread = _unread(pick, _given(environ), looked_up, served, best, copy.project)
    return pick


def _by_version(urlmap: URLMap, host: str, port: str, copy: Copy, header: str,
                params: dict[str, str | None], looked_up: dict[str, str]) -> Pick | None:
    """The branch a header's `version=` finds, as the prefix `/vVERSION`, or None (noted in
    `looked_up` where it gave one)."""
    version = _version(params, header)
    if version is None:
        return None
    found, prefix = match(urlmap, host, port, "/v" + version, copy.wildcard)
    if found is None:
        looked_up[header] = version
        return None
    return Pick(found, header, version, prefix)


def _unread(pick: Pick, given: dict[str, str], looked_up: dict[str, str],
            served: list[str], best: str | None, project: str) -> list[str]:
    """Why each `version=` the headers give decided nothing, one sentence each."""
    said = []
    for header, version in given.items():
        what = f"The {header} header's `version={version}`"
        if pick.by == header:
            continue
        if pick.by == "prefix":
            said.append(f"{what} is not read: {project}'s urlmap takes the API version from "
                        "the headers only when no prefix other than `/` matches the path.")
        elif pick.by == "Content-Type":
            said.append(f"{what} is not read: {project}'s urlmap reads the Content-Type "
                        "header's first, and that found a branch.")
        elif header in looked_up:
            said.append(f"{what} is looked up as the prefix `/v{looked_up[header]}`, which no "
                        "key matches, so it decides nothing.")
        else:
            types = ", ".join(f"`{t}`" for t in served)
            which = f"that is `{best}`, with no version" if best else "none matches one"
            said.append(f"{what} is not read: {project}'s urlmap reads only the Accept entry "
                        f"that best matches a type it serves ({types}), and {which}.")
    return said


def _move(environ: dict[str, Any], path: str, prefix: str) -> None:
    environ["SCRIPT_NAME"] += prefix
    environ["PATH_INFO"] = path[len(prefix):]
