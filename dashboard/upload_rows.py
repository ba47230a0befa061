"""The rows of the upload page's "Uploaded before", uploads of one name told apart.

A class saw several "compute.ini" rows alike but for their times, and a teacher could not say
which was the demo and which the copy they had changed. Each row of a name listed more than
once says what its settings have that the others' do not (`differences`): the section and
setting, with its value as kept (a secret redacted), few enough to read in a row. The demo ini
unchanged is said so on its own row (`shipped`, in the template).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from dashboard.shortened import shortened
from dashboard.store import get_store

#: Differences said in a row at most; past them, how many more.
MOST_SAID = 3


def uploads_listed() -> list[dict[str, Any]]:
    """The store's recent uploads (`recent_inis`), each with `differs`: what tells it apart from
    the others of its name (`differences`), None for a name listed once."""
    uploads = get_store().recent_inis()
    names = Counter(upload["file"] for upload in uploads)
    repeated = [upload for upload in uploads if names[upload["file"]] > 1]
    settings = get_store().ini_settings([upload["id"] for upload in repeated])
    for upload in uploads:
        others = [settings[other["id"]] for other in repeated
                  if other["file"] == upload["file"] and other is not upload]
        upload["differs"] = differences(settings[upload["id"]], others) if others else None
    return uploads


def differences(mine: dict[str, dict[str, str]],
                others: list[dict[str, dict[str, str]]]) -> list[str]:
    """What `mine` (settings by section) has that not every one of `others` has: a section they
    lack or it lacks, a setting's value (or its absence); at most `MOST_SAID`, then how many
    more. Empty when the settings are the same, and the files differ where no setting shows
    (a comment, a line's place, a secret's value)."""
    said = []
    for section in sorted(mine.keys() | {s for other in others for s in other}):
        conf = mine.get(section)
        theirs = [other.get(section) for other in others]
        if conf is None:
            said.append(f"no `[{section}]`")
        elif None in theirs:
            said.append(f"has `[{section}]`")
        else:
            for setting in sorted(conf.keys() | {k for other in theirs for k in other}):
                value = conf.get(setting)
                if any(other.get(setting) != value for other in theirs):
                    said.append(f"`[{section}]` " + (f"no `{setting}`" if value is None else
                                                     f"`{setting} = {shortened(value)}`"))
    if len(said) > MOST_SAID:
        return [*said[:MOST_SAID], f"and {len(said) - MOST_SAID} more"]
    return said
