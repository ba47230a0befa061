"""How a urlmap edge's label reads: the host it names, the prefix it leaves, the requests it takes.

The probe of a composite's branch reads them to record which edge led a request there
(`stack.node_probe.record_dispatch`); the loader, to order a composite's edges as Paste's
URLMap tries them; explain, to word them.
"""

from __future__ import annotations


def serves_host(label: str, environ: dict) -> bool:
    """Whether the urlmap key `label` takes the environ's request as Paste's URLMap decides:
    any key naming no host does; `http://example.com/` one for example.com, on any port or on
    the one it names."""
    domain = label_host(label)
    if not domain:
        return True
    host, _, port = (environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or "").lower(
        ).partition(":")
    port = port or ("80" if environ.get("wsgi.url_scheme") == "http" else "443")
    return domain in (host, f"{host}:{port}")


def label_host(label: str) -> str:
    """The host a urlmap edge label names (`http://d:80/x` → `d:80`), "" for none (`/x`)."""
    return label.split("://", 1)[1].partition("/")[0] if "://" in label else ""


def label_prefix(label: str) -> str:
    """The SCRIPT_NAME suffix a urlmap edge label leaves (`http://d:80/x` → `/x`, `/` → ``)."""
    if "://" in label:
        label = "/" + label.split("://", 1)[1].partition("/")[2]
    return label.rstrip("/")
