"""The Settings table of an uploaded file's page: what each section drawn gives its factory.

Apart from the page (`dashboard.uploads`) because "which" (`dashboard.which.redrawn`) draws the
diagram again when its answer goes through a branch the page left out, and the table follows the
drawing: it went on listing the old drawing's sections, and counting the new one's as left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard.drawing import every_branch


@dataclass(frozen=True)
class Settings:
    """What `_settings.html` shows: the `sections` whose settings are listed (graph nodes with
    a `conf`), how many more have settings in the branches `left_out`, whether the page draws
    (or lists) `every_branch`, and `show_all`, the address that does."""

    sections: list[dict[str, Any]]
    left_out: int
    every_branch: bool
    show_all: str


def settings_of(graph: dict[str, Any], drawn: dict[str, Any], show_all: str) -> Settings:
    """The settings of the sections of `graph` that `drawn` (the graph as the page draws it)
    draws. An operator asks "which limit, which tokens" as often as "which filter", and a box
    has no room for them. A section of a branch left out is left out here too, and counted;
    asked for every branch, every section's settings, drawn or listed below the diagram."""
    whole = every_branch()
    with_conf = [node for node in (graph if whole else drawn)["nodes"] if node["conf"]]
    left_out = 0 if whole else sum(bool(node["conf"]) for node in graph["nodes"]) - len(with_conf)
    return Settings(with_conf, left_out, whole, show_all)
