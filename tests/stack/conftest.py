"""The compute demo, served and traced to a file, once per test module."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO
from tests.conftest import file_traced


@pytest.fixture(scope="module")
def compute_stack(tmp_path_factory):
    with file_traced(DEMO / "compute.ini", "osapi_compute",
                     tmp_path_factory.mktemp("compute")) as server:
        yield server
