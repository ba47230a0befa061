"""Why a keyed composite follows the alternative it does, in words: what chose it, the
setting that did and where it is written, and a `set auth_strategy` that reads as choosing
but is not read.

`inspect` says it of a `pipeline_factory` refused for the key it picks
(`stack.graph_sections`), `which` of each composite its walk passes (`stack.resolve`), and the
dashboard beside each composite's list: one wording, whoever says it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stack.composite_factories import called
from stack.explain_words import name
from stack.graph_json import strategy_setting
from stack.graph_json import unread_setting
from stack.graph_model import split_id
from stack.section_names import looked_up

if TYPE_CHECKING:
    from stack.resolve import Resolution


def setting_place(option: str, value: str, line: int | None, file: str | None,
                  used: str | None) -> str:
    """`auth_strategy = noauth` at line 20: a setting, where an operator edits it. `file` is
    named with the line (`at FILE:20`) where a bare line would be read as another file's;
    no line, no `at`. `used`: the section that sets it, where the composite `use`s it
    (`, in [SECTION], which it uses,`)."""
    at = "" if line is None else f" at {file}:{line}" if file else f" at line {line}"
    holder = f", in [{used}], which it uses," if used else ""
    return f"`{option} = {value}`{at}{holder}"


def unread_set_words(place: str) -> str:
    """That the `set auth_strategy` at `place` (`setting_place`) chooses nothing: PasteDeploy's
    `get_context` puts what a `set` sets in the global_conf alone, never in the settings
    (local_conf) a `pipeline_factory` picks its key from."""
    return (f"{place} is not read, as `set` puts it in the global_conf, not in the composite's "
            "own settings")


def strategy_words(key: str, why: str, unread: str = "") -> str:
    """What made a `pipeline_factory` pick `key` (a `stack.composite_factories.strategy`
    reason), as a refusal says it; `unread` the `set auth_strategy` that reads as choosing and
    chooses nothing (`setting_place`)."""
    if why == "default auth_strategy" and unread:
        return f"OpenStack's default `auth_strategy` ({key}: {unread_set_words(unread)})"
    if why == "default auth_strategy":
        return f"OpenStack's default `auth_strategy` ({key}: the composite sets none)"
    return f"its `auth_strategy = {key}`"


def strategy_place(nodes: dict[str, dict], out: dict[str, list[dict]], node: str,
                   unread: bool = False) -> str:
    """`auth_strategy = noauth` at line 20 (`FILE:20` in another file; `, in [SECTION],
    which it uses` where a used section sets it): the setting that chose `node`'s key, where
    an operator edits it; "" where its line is not known (an older stack's graph). With
    `unread`, the `set auth_strategy` that chose nothing (`graph_json.unread_setting`)."""
    found = strategy_setting(nodes, out, node, unread=unread)
    if found is None or found[1] is None:
        return ""
    holder, line = found
    file, section = split_id(holder["id"])
    option = unread_setting(holder) if unread else "auth_strategy"
    return setting_place(option, holder["conf"][option], line, file,
                         None if holder["id"] == node else section)


#: Why a `pipeline_factory` builds OpenStack's default though it sets `auth_strategy`: its
#: file, which `config:` led to, was loaded under a global_conf holding that name (a `set`
#: above, a [DEFAULT] before), which `loadwsgi._loadconfig` put in the file's [DEFAULT], so
#: `get_context` skipped the composite's own setting (`stack.resolve_graph.WalkedGraph.choose`).
DROPPED = "dropped auth_strategy"


#: Why a cascade follows the app of its first key: Paste's cascade asks its apps in turn, by
#: key sorted (`paste.cascade.make_cascade`), and the next only on an answer its `catch`
#: names, so the first is asked every time (`stack.resolve_graph.WalkedGraph.choose`).
FIRST_ASKED = "first asked"


def chosen_words(why: str, place: str = "") -> str:
    """Why a composite's alternative was followed (a `Resolution.chosen` reason), in words;
    `place` the setting that chose it, where known (`strategy_place`; for the default, an
    unread `set auth_strategy`)."""
    if why == "chosen":
        return "as chosen"
    if why == DROPPED:
        return (f"OpenStack's default `auth_strategy`: {place or 'its own'} is skipped, as "
                "PasteDeploy loads its file (a `config:` reference leads there) under a "
                "global_conf holding `auth_strategy` (a `set` above, or a [DEFAULT] before "
                "it), and hands a section "
                "none of its own settings of such a name")
    if why == FIRST_ASKED:
        return ("the first it asks: Paste's cascade asks its apps in turn, by key, and the next "
                "only when one answers a status its `catch` names, 404 unless set")
    if why == "default auth_strategy" and place:
        return f"OpenStack's default `auth_strategy`: {unread_set_words(place)}"
    if why == "default auth_strategy":
        return ("OpenStack's default `auth_strategy`: the composite sets none, a service's "
                "config may")
    if place:
        return f"as {place} says"
    if why.startswith("setting "):
        return f"as its `{why.partition(' ')[2]}` setting says"
    # NOTE: a composite whose factory is none Pastescope knows (`mymod:my_pipeline_factory`):
    # its code may pick any key, so the first is only where the walk goes on, not an answer.
    return ("the first listed; Pastescope cannot know which one its factory picks: that is up "
            "to the factory's code")


def is_cascade(factory: str | None) -> bool:
    """Whether a composite is Paste's cascade, which asks its apps in turn (paste.cascade):
    by its entry point as PasteDeploy finds it (`looked_up`), or by its module."""
    return (looked_up(factory) == "egg:paste#cascade"
            or called(factory) == "paste.cascade:make_cascade")


def cascade_words(node: str, keys: list[str], key: str, why: str, conf: dict[str, str]) -> str:
    """What a cascade does with a request, and which of its apps the walk follows.

    NOTE: which app answers is decided by their answers, so a walk can only follow one: the
    first asked, unless told (`--choose`) to suppose the ones before it passed the request on.
    """
    catch = " or ".join(conf.get("catch", "404").split())
    order = ", then ".join(f"`{k}`" for k in sorted(keys))
    followed = (f"`{key}`, the first asked, is followed" if why == FIRST_ASKED else
                f"`{key}` is followed ({chosen_words(why)})")
    return (f"{name(node)} (Paste's cascade) asks its apps in turn, by key: {order}; an answer "
            f"of {catch} (its `catch`) passes the request to the next, and the last one's "
            f"answer stands. {followed}.")


def through_words(through: tuple[str, str] | None, result: Resolution, page: bool) -> str:
    """What a section that cannot be built was reached through, where one alternative of a
    composite was followed and another may load: `--choose` asks about that one, or on the
    dashboard (`page`) the composite's list above the answer. A composite refused for the
    alternative it picks is reached through it too."""
    if through is None or len(result.alternatives[through[0]]) < 2:
        return ""
    composite, key = through
    why = result.chosen[composite][1]
    option = f"--choose {split_id(composite)[1].partition(':')[2]}=KEY"
    if result.stopped and result.stopped["node"] == composite:
        others = ", ".join(f"`{k}`" for k in result.alternatives[composite] if k != key)
        way = "choose one above to ask about it" if page else f"{option} asks about one"
        return f" It offers {others} too, which a service's config may pick instead ({way})."
    way = "choose another above" if page else f"choose another ({option})"
    return (f" It is reached through the `{key}` alternative of {name(composite)}, followed "
            f"({chosen_words(why)}); {way} to ask about it.")
