"""What a reader of api-paste.ini sections records: nodes, edges, refusals, and their links.

`SectionRecord` holds what every section read adds (its node, its edges, each refusal said once
as one readable line) and links a name to what it finds, as `_target` finds it
(`stack.section_targets`, which follows names across sections and files); `redact` hides the
secrets of every section, once all are read. What a section's options and factory are is read
on top of it (`stack.section_factories`, `stack.graph_sections`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any

from stack import redact_settings
from stack.graph_model import REFUSED
from stack.graph_model import Edge
from stack.graph_model import Node
from stack.ini_text import Source
from stack.ini_text import readable
from stack.section_names import lookup_type
from stack.section_names import scheme_of

if TYPE_CHECKING:
    from stack.section_factories import Body


class SectionRecord:
    """The nodes and edges of the sections read, and why any is refused; links by name."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.errors: list[dict[str, Any]] = []
        #: What each section resolved to, for the sections that `use` it.
        self.bodies: dict[str, Body] = {}
        #: The sections being read (nested through `use`): meeting one again is a cycle.
        self.resolving: set[str] = set()
        #: How many `use =` hops each section that uses another is from its factory.
        self.use_hops: dict[str, int] = {}
        #: Why a `pipeline_factory` section cannot build the key its `auth_strategy` names
        #: from its own keys: `(message, line, key, missing)`, `missing` why that key cannot
        #: be built where it is one (as `unfollowed` keeps it), else None. Refused where it is
        #: loaded by itself, but not as the `use =` of another section, which adds keys of its
        #: own and is checked with them (PasteDeploy's `_context_from_use`):
        #: `stack.graph_builder` decides which.
        self.unbuilt: dict[str, tuple[str, int | None, str, str | None]] = {}
        #: The alternatives of a `pipeline_factory` section it cannot build and does not
        #: build (`graph_sections.SectionReader.not_followed`), by (section, key): the key's
        #: line and why it cannot be built, as written, before any message is made readable.
        #: A way that builds one after all is refused with it (`stack.graph_builder`); the
        #: others are warned of.
        self.unfollowed: dict[tuple[str, str], tuple[int | None, str]] = {}
        #: Warnings about what a `pipeline_factory` section builds with its own keys: said of
        #: it where it is built so, but not of a section only ever the `use =` of others,
        #: each built with keys of its own added and warned with them (`stack.graph_builder`
        #: decides which): one cause, said once, where the edit that answers it goes.
        self.build_warnings: dict[str, list[str]] = {}
        #: The `cause` (`NO_SECTION` or `REFUSED`) of the last refusal: a word refused is
        #: recorded with it, as with its error, which is the last.
        self.last_cause = REFUSED
        #: The file of each section read, by node id: where the lines its refusals cite are.
        self.section_sources: dict[str, Source] = {}
        #: The nodes whose factory is read from a value that interpolates (`use = %(x)s`):
        #: only there may it hold a secret's text (`redact`). A factory as written is a name
        #: of code, even where a secret-named setting holds its text (Pylons' cookie name
        #: `beaker.session.key = helloworld` beside `use = egg:helloworld`).
        self.interpolated_factories: set[str] = set()
        #: The values read as lists of words, each a section's name (a pipeline's, a composite
        #: key's): where a secret of many words interpolated is refused a word at a time
        #: (`redact`).
        self.word_lists: list[list[str]] = []

    def _target(
        self,
        source: Source,
        object_type: str,
        name: str,
        referrer: Node,
        line: int | None,
        now: bool = False,
    ) -> str | None:
        """The node `name` refers to, or None (refused); `now` (a `use`): read it before."""
        raise NotImplementedError

    def _link_to(self, source: Source, node: Node, label: str, object_type: str, name: str,
                 line: int | None, now: bool = False) -> str | None:
        """`node`'s `use`, `next` or `filter-with` (`label`) to what `name` names, as
        `_target` finds it (`now`: as there); refused (None), it is kept in
        `Node.refused_links` with the error `_target` gave it, which is the last: what draws
        the edge's hole need not find it in the error's wording."""
        target = self._target(source, object_type, name, node, line, now)
        if target is None:
            node.refused_links.append(
                {"label": label, "line": line, **self._refused_word(node, name, object_type)})
        self._link(node, label, target, name)
        return target

    def _member(self, source: Source, node: Node, line: int | None, position: int,
                object_type: str, name: str) -> str | None:
        """The node a pipeline's member at `position` refers to; refused (None), it is kept
        in `Node.refused_members` with the error `_target` gave it, which is the last."""
        target = self._target(source, object_type, name, node, line)
        if target is None:
            node.refused_members.append(
                {"pos": position, **self._refused_word(node, name, object_type)})
        return target

    def _refused_word(self, node: Node, name: str, object_type: str) -> dict[str, Any]:
        """A word `_target` just refused, as `Node.refused_members`, `refused_targets` and
        `refused_links` record it: with the error it gave `node` and its cause, the last ones."""
        return {"name": name, "kind": object_type, "error": node.errors[-1],
                "cause": self.last_cause}

    def _link(self, source: Node, label: str, target: str | None, word: str = "",
              inherited: bool = False) -> None:
        """An edge to `target`, if found, from the `word` that names it (`Edge.config`);
        `inherited` as `Edge.inherited`."""
        if target is not None:
            self.edges.append(Edge(source.id, target, label, scheme_of(word) == "config",
                                   inherited))

    def _names(self, source: Source, object_type: str, word: str) -> bool:
        """Whether a word of a composite key names something PasteDeploy would load."""
        scheme = scheme_of(word)
        if scheme is not None:
            return scheme in ("config", "egg", "call")
        return bool(source.finder.candidates(lookup_type(object_type), word))

    def _refuse(self, node: Node, message: str, line: int | None, cause: str = REFUSED) -> None:
        """Record a refusal; every one passes here, so each is made one readable line here.
        `cause`: `NO_SECTION` where it is that no section answers to a name."""
        self.last_cause = cause
        source = self.section_sources.get(node.id)
        # NOTE: only a message quoting a value of many lines, as itself or as its repr, can
        # be about indented lines: the note is looked for then.
        multiline = "\n" in message or "\\n" in message
        note = (source.continued_note(line)
                if multiline and source is not None and line is not None else None)
        if note is not None:  # the value quoted runs over indented lines
            message = f"{note}; so " + message.replace("\\n", " ")
        message = readable(message)
        node.errors.append(message)
        node.error_lines.append(line)
        self.errors.append({"section": node.id, "error": message, "line": line})

    def redact(self, *notes: dict[str, Any]) -> Callable[[str], str]:
        """Redact every section's settings (`Node.conf`: `redact_settings.redacted`, then
        `redact_settings.hiding`), once all are read, and what each message about them quotes.

        Not as each is read: what a section's settings hide depends on other sections. A
        `use =` of another section is built by the factory its chain ends at (tempauth's
        accounts are hidden whichever section names it), and a secret hidden in one setting
        (`admin_password`) is hidden in every other that holds its text, as one interpolating
        it does (`args = --pw %(admin_password)s`), in every file read (unless a factory
        written in the clear holds it, which shows it anyway: `redact_settings.unshown`).
        So is it in every message that quotes such a value (`require = %(admin_password)s is
        not checked here`, a pipeline's word naming no section), in a factory interpolated, and in
        `notes`, the messages kept elsewhere (`{"error"}` or `{"warning"}` each). Returns what
        hides them, for messages said later (`IniFile.hide`).
        """
        built_by = self._built_by()
        hidden: set[str] = set()
        for source in {source.file: source for source in self.section_sources.values()}.values():
            hidden |= redact_settings.redacted(source.defaults)[1]
        shown = {}
        for node in self.nodes.values():
            shown[node.id], texts = redact_settings.redacted(node.conf, built_by[node.id])
            hidden |= texts
        written = [node.factory for node in self.nodes.values()
                   if node.factory and node.id not in self.interpolated_factories]
        hide = redact_settings.hiding(redact_settings.unshown(hidden, written), self.word_lists)
        for node in self.nodes.values():
            node.conf = {name: hide(value) for name, value in shown[node.id].items()}
            if node.id in self.interpolated_factories:
                node.factory = hide(node.factory)
            _hide_in_messages(node, hide)
        for note in [*self.errors, *notes]:
            for key in note.keys() & {"error", "warning"}:
                note[key] = hide(note[key])
        return hide

    def _built_by(self) -> dict[str, str]:
        """The factory each node is built by, as written (`Node.factory`): for a `use =` of
        another section, the one at the end of its chain (a cycle's: where it closes)."""
        uses = {edge.source: edge.target for edge in self.edges if edge.label == "use"}
        built_by: dict[str, str] = {}
        for start in self.nodes:
            chain, at = {start: None}, start  # the chain so far, in order
            while at in uses and at not in built_by and uses[at] not in chain:
                at = uses[at]
                chain[at] = None
            factory = built_by.get(at, self.nodes[at].factory or "")
            built_by.update(dict.fromkeys(chain, factory))
        return built_by


def _hide_in_messages(node: Node, hide: Callable[[str], str]) -> None:
    """`node`'s messages with `hide` applied (`SectionRecord.redact`); the word a refusal is
    of too, but not one naming a section, which is a name of the file."""
    node.warnings = [hide(warning) for warning in node.warnings]
    node.errors = [hide(error) for error in node.errors]
    words = [*node.refused_members, *node.refused_links,
             *(member for branch in node.refused_targets for member in branch["members"])]
    for word in words:
        if word["error"] is not None:
            word["name"], word["error"] = hide(word["name"]), hide(word["error"])
    for refused in node.refused_alternatives.values():
        refused["error"] = hide(refused["error"])
