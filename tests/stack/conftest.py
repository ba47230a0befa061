"""The compute demo (its graph and its route table, once per test module; served, it is
tests/conftest.py's `compute_stack`); ini text builders, the graph an inline ini makes, and
oslo's size limit reset."""

from __future__ import annotations

import pytest
from oslo_config import cfg
from oslo_middleware.opts import list_opts_sizelimit

from stack import graph
from stack.loader import load_stack
from tests.conftest import DEMO


@pytest.fixture(autouse=True)
def oslos_default_limit():
    """oslo's sizelimit puts the limit it is handed on oslo.config's global CONF
    (`set_override`), where it outlives the app: each test starts from oslo's default, and
    leaves it so for the next, whichever loads the real filter."""
    for group, options in list_opts_sizelimit():
        cfg.CONF.register_opts(options, group=group)  # as its filter does: once, by name
    cfg.CONF.clear_override("max_request_body_size", group="oslo_middleware")
    yield
    cfg.CONF.clear_override("max_request_body_size", group="oslo_middleware")


@pytest.fixture(scope="module")
def compute() -> dict:
    """The compute demo's graph, as `inspect --json` gives it."""
    return graph.load_graph(str(DEMO / "compute.ini"), "osapi_compute").to_json()


@pytest.fixture(scope="module")
def compute_routes() -> dict:
    """The compute demo's route tables, as its stack announces them (loaded traced)."""
    return load_stack(str(DEMO / "compute.ini"), "osapi_compute", lambda trace: None).routes


def chained_defaults(levels: int, fan: int, leaf: str) -> str:
    """A [DEFAULT] of `v0 = leaf` and `vN` naming `vN-1` `fan` times: `vN` is leaf × fan**N."""
    lines = ["[DEFAULT]", f"v0 = {leaf}"]
    lines += [f"v{n} = " + f"%(v{n - 1})s" * fan for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def use_chain(hops: int) -> str:
    """Sections s0 … sHOPS, each `use =` the next; the last names a real factory."""
    sections = [f"[app:s{n}]\nuse = s{n + 1}\n" for n in range(hops)]
    sections.append(f"[app:s{hops}]\nuse = call:tests.stack.paste_apps:make_app\n")
    return "\n".join(sections)


def keyed_ini(text: str) -> dict:
    """The graph of the first entry of an ini written inline."""
    return graph.read_ini_text(text, "inline.ini").graphs[0].to_json()
