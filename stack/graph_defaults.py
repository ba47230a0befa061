"""The [DEFAULT]s a graph JSON carries, read back for `which` (`stack.resolve_handed`): the
ini's own, and those of the files `config:` leads to, as PasteDeploy merges them into the
global_conf a factory is handed (`stack.known_filters` reads the settings out of it).

A graph may come from an older version (a stack's announcement, an upload it kept) or by hand,
so each is read as what it may be: missing, or holding what is no setting.
"""

from __future__ import annotations

#: The [DEFAULT] settings of the files `config:` leads to on the way to a filter, by NAME: the
#: value, and the file it is written in.
Referred = dict[str, tuple[str, str]]


def graph_defaults(graph: dict) -> dict[str, str] | None:
    """The [DEFAULT] settings a graph JSON carries (`PipelineGraph.defaults`), or None where it
    carries none: one an older version made (a stack's announcement, or an upload it kept),
    whose [DEFAULT] is then not known."""
    found = graph.get("defaults")
    return _settings(found) if isinstance(found, dict) else None


def graph_file_defaults(graph: dict) -> dict[str, dict[str, str]]:
    """The [DEFAULT] settings of the other files a graph JSON carries, by file name
    (`PipelineGraph.file_defaults`); none where it carries none (one made before it did)."""
    found = graph.get("file_defaults")
    if not isinstance(found, dict):
        return {}
    return {file: _settings(written) for file, written in found.items()
            if isinstance(written, dict)}


def _settings(found: dict) -> dict[str, str]:
    """The settings of a graph JSON's [DEFAULT], but what is no `str` = `str` (a hand-made
    or damaged graph)."""
    return {key: value for key, value in found.items()
            if isinstance(key, str) and isinstance(value, str)}


def referred(files: list[str | None], file_defaults: dict[str, dict[str, str]]) -> Referred:
    """What the [DEFAULT]s of the files a request's way passed through, in the order it
    entered them (`files`), hand a factory, as `loadwsgi._loadconfig` and
    `ConfigLoader.get_context` merge them: a file `config:` leads to gets its own [DEFAULT]
    under the global_conf it is handed, so the first file entered wins (and the ini's own
    over them all: `read_by`, `_origin`)."""
    found: Referred = {}
    for file in dict.fromkeys(files):
        for key, value in file_defaults.get(file or "", {}).items():
            found.setdefault(key, (value, file or ""))
    return found
