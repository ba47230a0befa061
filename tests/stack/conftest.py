"""The compute demo, served and traced to a file, once per test module; ini text builders."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO
from tests.conftest import file_traced


@pytest.fixture(scope="module")
def compute_stack(tmp_path_factory):
    with file_traced(DEMO / "compute.ini", "osapi_compute",
                     tmp_path_factory.mktemp("compute")) as server:
        yield server


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
