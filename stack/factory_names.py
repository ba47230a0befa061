"""A factory reference named short, as a diagram's box and `inspect`'s tree name it again.

One function for both: the drawing shortened `call:nova.api.auth:pipeline_factory_v21` to
`call:auth:pipeline_factory_v21`, a reference no file holds, while the tree wrote it whole; an
operator who searched the tree, or the file, for what a box said found nothing. The short name
is always a piece of the reference as the file and the tree write it, so a search finds it.
"""

from __future__ import annotations

from stack.ini_text import readable


def short_factory(factory: str | None) -> str:
    """A factory reference short enough for a box: the class, or the module's last part
    and the function, without the `call:` before them (a box of a `paste.app_factory` does
    not say its key either).

    `nova.api.openstack:FaultWrapper.factory` → `FaultWrapper`,
    `keystonemiddleware.auth_token:filter_factory` → `auth_token:filter_factory`,
    `call:nova.api.auth:pipeline_factory_v21` → `auth:pipeline_factory_v21`; egg and config
    references stay whole. Where it is drawn, the full text is at hand (the box's tooltip, the
    tree's line naming the section first). A value with continuation lines (an indented
    `  [app:b]` under `use = …`) shows them joined by spaces (`readable`): one line.
    """
    if not factory:
        return ""
    factory = readable(factory)
    scheme, _, rest = factory.partition(":")
    if scheme in ("egg", "config"):
        return factory
    module, colon, attr = (rest if scheme == "call" else factory).partition(":")
    if not colon:
        return factory
    attr = attr.removesuffix(".factory")
    if attr[:1].isupper():
        return attr
    return f"{module.rsplit('.', 1)[-1]}:{attr}"
