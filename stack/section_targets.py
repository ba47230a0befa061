"""What the names a section writes refer to, found as PasteDeploy finds them.

A name is a section of the same file (`find_config_section`, with PasteDeploy's own lookup:
`stack.ini_text.SectionFinder`), a section of another file (`config:FILE#NAME`, opened as
`_loadconfig` opens it, each file parsed once) or an entry point (`egg:`, a node of its own,
never imported). The rules that read one section (`stack.graph_sections`) ask here for each
name they link; what needs the whole file read is `stack.graph_builder`'s. A section a `use`
names is read before the section using it, by a loop rather than recursion: PasteDeploy
follows `use` chains longer than Python's recursion limit would let a reader follow.
"""

from __future__ import annotations

import os
from collections import deque
from urllib.parse import unquote

from stack.graph_model import KINDS
from stack.graph_model import NO_SECTION
from stack.graph_model import Node
from stack.graph_model import node_id
from stack.graph_sections import SectionReader
from stack.ini_parse import read_other
from stack.ini_text import IniError
from stack.ini_text import Source
from stack.near_names import nearest_file
from stack.near_names import said_meant
from stack.section_factories import NOT_FOLLOWED
from stack.section_factories import refused_name
from stack.section_names import call_note
from stack.section_names import comment_note
from stack.section_names import egg_note
from stack.section_names import lookup_type
from stack.section_names import misplaced_name_note
from stack.section_names import missing_note
from stack.section_names import scheme_of
from stack.section_names import section_id
from stack.section_options import Refused
from stack.section_options import warn


class _ReadFirst(Exception):
    """A `use` names a section not read yet: read that one, then this one again."""

    def __init__(self, source: Source, section: str) -> None:
        super().__init__(section)
        self.source = source
        self.section = section


class TargetReader(SectionReader):
    """Finds what a section's names refer to, as PasteDeploy would, and reads each section
    it finds once (a `use` first); the subclass reads the file as a whole."""

    def __init__(self, root: Source) -> None:
        super().__init__()
        self.root = root
        #: Every file read, by absolute path: each is parsed once.
        self.sources: dict[str, Source] = {}
        if root.path is not None:
            self.sources[root.path] = root
        #: Sections named by an edge but not read yet: read after the file's own, not recursively.
        self.pending: deque[tuple[Source, str]] = deque()

    def _resolve(self, source: Source, section: str) -> str:
        """Read one section into its node and edges (once), and first the ones its `use` names.

        NOTE: not by recursion: PasteDeploy follows `use` chains hundreds of sections long
        (`MAX_USE_HOPS`), past Python's recursion limit for a reader that recursed four frames
        a hop. A section whose `use` names one not read yet is read again once that one is.
        """
        chain = [(source, section)]
        while chain:  # each pass reads a section for good, or adds one never begun to the chain
            try:
                self._read(*chain[-1])
            except _ReadFirst as first:
                chain.append((first.source, first.section))
            else:
                chain.pop()
        return section_id(source, section)

    def _read(self, source: Source, section: str) -> None:
        """Read one section, unless it is read already; _ReadFirst if its `use` must wait."""
        this_id = section_id(source, section)
        if this_id in self.nodes and this_id not in self.resolving:
            return
        prefix, _, rest = section.partition(":")
        node = Node(this_id, KINDS[prefix], rest.strip(), None, source.file, source.line(section))
        self.nodes[this_id] = node  # read again: the new node takes the first one's place
        self.section_sources[this_id] = source
        self.resolving.add(this_id)
        try:
            self._read_section(source, section, node)
        except Refused as exc:
            self._refuse(node, exc.message, exc.line)
        self.resolving.discard(this_id)  # not after _ReadFirst: it is still being read

    def _target(
        self,
        source: Source,
        object_type: str,
        name: str,
        referrer: Node,
        line: int | None,
        now: bool = False,
    ) -> str | None:
        """The node `name` refers to, found as PasteDeploy would; None (refused) if none."""
        refused = refused_name(source, object_type, name)
        if refused is not None:
            self._refuse(referrer, refused, line)
            return None
        scheme = scheme_of(name)
        if scheme is not None:
            if scheme == "egg":
                return self._reference(source, object_type, name)
            if scheme == "config":
                if source.path is None:
                    warn(referrer, source, line, f"{name}: {NOT_FOLLOWED}")
                    return self._reference(source, object_type, name)
                return self._foreign(source, object_type, name, referrer, line, now)
            # NOTE: `use = glance:root_app_factory` is a factory's module:attr more likely
            # than a scheme; only a `use` (`now`) takes `call:`, so only it is told to.
            message = (f"{name}: unknown scheme {scheme!r} (PasteDeploy knows config, egg, "
                       f"call){call_note(name, referrer.kind) if now else ''}")
            self._refuse(referrer, message, line)
            return None
        found = source.finder.candidates(lookup_type(object_type), name)
        if not found:
            wanted = (
                "filter" if object_type == "filter" else "app, composite, pipeline or filter-app"
            )
            comment = comment_note(name.split(), [False] * len(name.split()))
            note = (f" ({comment})" if comment else missing_note(source, object_type, name,
                                                                  referrer)
                    or egg_note(name) or misplaced_name_note(source, object_type, name, referrer)
                    or call_note(name, referrer.kind if now else object_type, now))
            # Looked up in a file `config:` names, the name is said with that file: the file
            # read may well have a section by that name (its `[composite:main]`).
            where = "" if source.file == referrer.file else f" in {source.file}"
            self._refuse(referrer, f"{name!r}: no such {wanted} section{where}{note}", line,
                         NO_SECTION)
            return None
        target = section_id(source, found[0])
        if now and target not in self.nodes:
            raise _ReadFirst(source, found[0])
        if not now:
            self.pending.append((source, found[0]))
        return target

    def _reference(self, source: Source, object_type: str, reference: str) -> str:
        """A node for an `egg:` (or unfollowed `config:`) reference used in place of a section."""
        name = source.show(reference)
        reference_id = node_id(object_type, name)
        self.nodes.setdefault(reference_id, Node(reference_id, object_type, name, name))
        return reference_id

    def _foreign(
        self,
        source: Source,
        object_type: str,
        uri: str,
        referrer: Node,
        line: int | None,
        now: bool,
    ) -> str | None:
        """A section of another file, `config:PATH#NAME`, found as PasteDeploy's `_loadconfig`."""
        reference = uri
        uri, _, name = uri.partition("#") if "#" in uri else (uri, "", "main")
        path = uri.split(":", 1)[1].replace("\\", "/")
        if not path.strip():  # PasteDeploy would open the folder itself: IsADirectoryError
            self._refuse(referrer, f"{reference} names no file (config:FILE#SECTION)", line)
            return None
        if not os.path.isabs(path):
            path = os.path.dirname(source.path or "") + "/" + path
        if path.startswith("///"):
            path = path[2:]
        path = os.path.abspath(unquote(path).strip())
        try:
            other = self._open(path, source)
        except IniError as exc:
            # NOTE: named as the reference writes it: `sub/other.ini` for `config:sub/othr.ini`.
            written = os.path.dirname(uri.split(":", 1)[1])
            meant = [] if os.path.exists(path) else [
                f"{written}/{name}" if written else name for name in nearest_file(path)]
            guess = f" ({said_meant(meant)})" if meant else ""
            self._refuse(referrer, f"{uri}: {exc}{guess}", line)
            return None
        return self._target(other, object_type, name, referrer, line, now)

    def _open(self, path: str, referrer: Source) -> Source:
        """The file at `path`, parsed once, with the first referrer's [DEFAULT] added to its own."""
        if path in self.sources:
            return self.sources[path]
        label = os.path.basename(path)
        if any(other.file == label for other in self.sources.values()):
            # NOTE: a file named as the one read, or as another it refers to, is told apart by
            # its relative path: its sections' lines must not read as the other file's.
            label = os.path.relpath(path, os.path.dirname(self.root.path or "")).replace(
                os.sep, "/"
            )
        source = read_other(path, label, referrer)
        self.sources[path] = source
        return source
