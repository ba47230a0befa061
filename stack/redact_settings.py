"""An ini's settings redacted (`stack.redact`): by their names, a URL's password and its query's
secret parameters whatever the setting's name, a swift tempauth user's key; and the texts so
hidden, hidden wherever else the files' settings, or a message quoting them, hold them as words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Collection

from stack.redact import REDACTED
from stack.redact import SECRET_WORDS
from stack.redact_url import url

#: Ini setting names that carry secrets: swift's `encryption_root_secret`, cinder's `hmac_keys`,
#: keystone's old `admin_password`, anything ending in `key` or `keys`.
SECRET_SETTING = re.compile(SECRET_WORDS + r"|keys?$", re.I)
#: A URL in a setting's value: a word holding `://` (`auth_uri = http://k:5000/?password=p`).
SETTING_URL = re.compile(r"\S*://\S*")
#: swift's tempauth reads its accounts from settings `user_<account>_<user> = <key> <group>…`
#: (`user64_…` with base64 names): the first word is the user's key.
TEMPAUTH_USER = re.compile(r"user(?:64)?_[^_]+_.", re.I)
#: The settings that name a section's factory, where tempauth is told by its name.
FACTORY_SETTINGS = ("use", "paste.filter_factory")
#: Shortest text hidden in one setting that is hidden in every other (`hiding`): a shorter
#: value of a secret-named setting is mostly no secret (keystonemiddleware's
#: `token_cache_time = 300`, a `yes`), and hidden wherever it is a word it would hide what is
#: none (`revocation_cache_time = 300`), and tell itself by where it is hidden; while a
#: secret that short is found by trying every one.
MIN_HIDDEN = 4
#: Values of a secret-named setting that are no secret, and so are not hidden elsewhere: a
#: switch or a number (`service_token_roles_required = true` hid `delay_auth_decision = true`).
NO_SECRET = re.compile(r"true|false|yes|no|on|off|none|\d+", re.I)
#: Where such a text is hidden in another value: as a word of its own, not inside a longer
#: one (swift's sample key `admin` is no secret in `reseller_admin` or the group `.admin`).
HIDDEN_WORD = r"(?<![\w.]){}(?!\w)"
#: How a character of a hidden text may be written in a message quoting it: escaped as a
#: repr or JSON string escapes it.
WRITTEN_CHARS = {"\\": r"\\{1,2}", "'": r"\\?'", '"': r'\\?"'}
#: What may stand between two words of a hidden text in a message: whitespace, or whitespace
#: escaped as a repr or JSON string escapes it.
WRITTEN_SPACE = r"(?:\s|\\[ntr])+"
#: What splits a hidden text into the parts every way of writing it holds as they are.
PLAIN_PARTS = re.compile(r"[\s\\'\"]+")
#: Most texts hidden in one setting that are looked for in every other: each is searched for
#: in each value, and real files hide a few dozen; a file with more hides the longest so.
MAX_HIDDEN = 256


def redacted(conf: dict[str, str], factory: str = "") -> tuple[dict[str, str], set[str]]:
    """A copy of an ini section's settings with their secrets redacted, and the texts it
    hid: the value of a secret-named setting, a password in a URL (a database's, a message
    queue's) and its query's secret parameters (`url`), and the key of each of swift
    tempauth's users (its groups stay: they say who may do what).

    `factory`: the factory that builds the section, where its `use =` chain ends (`use = base`
    whose section uses `egg:swift#tempauth` is tempauth).
    """
    tempauth = _tempauth(conf, factory)
    shown, hidden = {}, set()
    for name, value in conf.items():
        shown[name], texts = _setting(name, value, tempauth)
        hidden.update(texts)
    return shown, hidden


def setting_shown(name: str, value: str) -> str:
    """One setting's value as `redacted` shows it alone in its section: what a message quoting
    one line or part of a value shows (`ini_text`, `ini_interpolation`). Alone, it is never a
    tempauth user's: only a `use` or `paste.filter_factory` makes a section tempauth's, and
    neither is named as a user is."""
    return _setting(name, value, False)[0]


def part_shown(name: str, value: str, start: int) -> str | None:
    """`value[start:]`, part of a setting's value, as a message quoting it shows it: as it is
    where the whole value hides nothing; else that part of the value as `setting_shown` shows
    it whole: from `start` where all it hid is after (`%zz?password=***`), the part as it is
    where all is before (`https://u:***@h/%zz`); None where the part starts within a secret.

    NOTE: not `setting_shown` of the part alone: cut from its value, a URL's password or a
    query's secret is no longer read as one (`%zz?password=s3cr3t`, `%cr3t@db/nova`)."""
    shown = setting_shown(name, value)
    part = value[start:]
    if shown == value:
        return part
    if shown[: start + 1] == value[: start + 1]:
        return shown[start:]
    return part if shown.endswith(part) else None


def hiding(hidden: Collection[str],
           word_lists: Collection[list[str]] = ()) -> Callable[[str], str]:
    """What redacts each of the texts `hidden` (`redacted`'s, of the files' settings) in a
    text that holds it as a word of its own: a password interpolated into a setting of another
    name (`args = --pw %(admin_password)s`) shows there no more than in its own, nor in a
    message quoting such a value (`require = %(admin_password)s is not checked here`).

    `word_lists`: the values read as lists of words (a pipeline's, a composite key's), where
    a text of many words hidden whole (`admin_password = correct horse battery staple`
    interpolated into a pipeline) is named a word at a time: each of its words there is
    hidden too, where a message quotes it by its repr (`'horse': no such filter section`)
    and where a refused word's name is it alone.
    """
    # NOTE: the longest first, as a shorter one may be part of it.
    texts = sorted({text for text in hidden if _hideable(text)}, key=len, reverse=True)[:MAX_HIDDEN]
    words = [(_plain_part(text), re.compile(HIDDEN_WORD.format(_written(text))))
             for text in texts]
    listed = _words_listed(texts, word_lists)

    def hide(value: str) -> str:
        for part, word in words:
            if part in value:
                value = word.sub(REDACTED, value)
        if value in listed:
            return REDACTED
        for word in listed:
            value = value.replace(repr(word), repr(REDACTED))
        return value

    return hide


def unshown(hidden: Collection[str], shown: Collection[str]) -> set[str]:
    """The texts of `hidden` that no text of `shown` holds as a word of its own: `shown`, the
    factories the graph shows as written (`egg:afpyrosite`). A Pylons app's
    `beaker.session.key = afpyrosite` is secret-named (`key`) while its text is the app's own
    name, which the graph shows as its factory: hidden elsewhere, it hid nothing, and garbled
    what `serve` says of that factory (`use = egg:***: … found for ***`)."""
    return {text for text in hidden
            if not any(re.search(HIDDEN_WORD.format(_written(text)), each) for each in shown)}


def _words_listed(texts: list[str], word_lists: Collection[list[str]]) -> set[str]:
    """The words of each text of many words that a list of words holds in a row: where a
    message names each alone (`hiding`)."""
    found = set()
    for text in texts:
        parts = text.split()
        if len(parts) < 2:
            continue
        for words in word_lists:
            if any(words[start:start + len(parts)] == parts
                   for start in range(len(words) - len(parts) + 1)):
                found.update(part for part in parts if _hideable(part))
    return found


def _hideable(text: str) -> bool:
    """Whether `text` is hidden wherever else it appears: not a word too short or too common
    to be a secret's alone (`MIN_HIDDEN`, `NO_SECRET`), a passphrase's `a` or `on` included."""
    return len(text.strip()) >= MIN_HIDDEN and not NO_SECRET.fullmatch(text.strip())


def _written(text: str) -> str:
    """A pattern of `text` as a message may write it: as it is, or quoted as its repr or JSON
    are (a refusal quotes a name by its repr, which doubles a backslash), and whatever
    whitespace parts its words: a value's continuation lines are joined by line breaks, which
    a message writes as spaces or, quoted, as escapes."""
    return WRITTEN_SPACE.join("".join(WRITTEN_CHARS.get(char) or re.escape(char) for char in word)
                              for word in text.split())


def _plain_part(text: str) -> str:
    """The longest part of `text` that every way of writing it (`_written`) holds as it is:
    what is looked for before the pattern is."""
    return max(PLAIN_PARTS.split(text), key=len)


def _tempauth(conf: dict[str, str], factory: str) -> bool:
    """Whether swift's tempauth builds the section: its settings are then its accounts."""
    names = (factory, *(conf.get(name, "") for name in FACTORY_SETTINGS))
    return any("tempauth" in name.lower() for name in names)


def _setting(name: str, value: str, tempauth: bool) -> tuple[str, list[str]]:
    """A setting's value as `redacted` shows it, and the texts it hides there."""
    if SECRET_SETTING.search(name):
        return REDACTED, [value]
    if tempauth and TEMPAUTH_USER.match(name):
        return re.sub(r"\S+", REDACTED, value, count=1), value.split()[:1]
    if "://" not in value:
        return value, []
    found: list[str] = []
    return SETTING_URL.sub(lambda address: url(address.group(), found=found), value), found
