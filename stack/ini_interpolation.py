"""`%(name)s` interpolation as ConfigParser (and so PasteDeploy) does it, within a size limit.

ConfigParser expands every `%(name)s` afresh wherever it is used, with no limit: 400 bytes of
values naming values five times over, ten levels deep (the most it allows), make 20 MB of text
and take PasteDeploy 7 s; six times over, 100 MB and 31 s; and the graph (and the dashboard's
store) would keep it whole. Here a value is refused at the piece that takes it past
`MAX_VALUE`, before its text is joined; what is not refused comes out as the stdlib's
`BasicInterpolation` makes it, and fails as it fails, but that the text an error quotes is
redacted as its setting's value is (`stack.redact`): a refused `admin_password` is no less secret;
and that a value referring to itself is said to (`SelfReference`), where the stdlib counts ten
steps.
"""

from __future__ import annotations

import configparser
from collections.abc import Mapping

from stack import redact
from stack import redact_settings

#: Most characters one value may interpolate to: real values (paths, URLs, lists of filters)
#: are a few hundred; 64 KiB is far past them, and reached in milliseconds.
MAX_VALUE = 64 * 1024
#: Most characters all of one file's values may interpolate to, each value counted once:
#: thousands of values each under MAX_VALUE but naming one long value would still fill memory.
MAX_FILE_VALUES = 16 * MAX_VALUE


class ValueTooLarge(configparser.InterpolationError):
    """A value whose interpolation passes MAX_VALUE, or takes its file past MAX_FILE_VALUES."""


class SelfReference(configparser.InterpolationDepthError):
    """A value that names itself, at once or through others: the stdlib (and so PasteDeploy)
    only says it "cannot be substituted in 10 steps", which does not tell an operator that
    `auth_url = %(auth_url)s` in a filter's section reads that same key, not [DEFAULT]'s."""

    def __init__(self, option: str, section: str, rawval: str, chain: tuple[str, ...]) -> None:
        own = ("" if section == configparser.DEFAULTSECT else
               ": a %(name)s reads its section's own key, and [DEFAULT]'s only where the "
               "section has none")
        configparser.InterpolationError.__init__(
            self, option, section,
            f"option {option!r} in section {section!r} refers to itself "
            f"({' → '.join(chain)}), so it can never be filled in{own}. PasteDeploy gives up "
            f"after {configparser.MAX_INTERPOLATION_DEPTH} steps (Recursion limit exceeded in "
            f"value substitution). Raw value: {rawval!r}")
        self.args = (option, section, rawval)


class BoundedInterpolation(configparser.BasicInterpolation):
    """`BasicInterpolation` with each value's size, and its file's, counted as it is built.

    One instance per parser (per file), as ConfigParser keeps it: it holds the file's count.
    """

    def __init__(self) -> None:
        super().__init__()
        #: Characters this file's values have come to; each (section, option) counts once, as
        #: PasteDeploy reads [DEFAULT] again for every section, and so do we.
        self.spent = 0
        self.counted: set[tuple[str, str]] = set()

    def before_get(
        self,
        parser: configparser.RawConfigParser,
        section: str,
        option: str,
        value: str,
        defaults: Mapping[str, str],
    ) -> str:
        if "%" not in value:
            return value  # what the stdlib returns too; nothing is built
        key = (section, option)
        text = _Text(option, section, None if key in self.counted else self)
        self._expand(parser, option, text, value, (option,), section, defaults, 1)
        self.counted.add(key)
        return "".join(text.pieces)

    def _expand(
        self,
        parser: configparser.RawConfigParser,
        option: str,
        text: _Text,
        rest: str,
        chain: tuple[str, ...],
        section: str,
        defaults: Mapping[str, str],
        depth: int,
    ) -> None:
        """`BasicInterpolation._interpolate_some`, step for step, reading `rest` (the value of
        the last option of `chain`: `option`'s, or one it names through the others) by index.

        NOTE: the stdlib slices off what it has read at every `%`, which is quadratic in a long
        value; reading by index keeps the work in proportion to the text counted.
        """
        if depth > configparser.MAX_INTERPOLATION_DEPTH:
            raw = parser.get(section, option, raw=True, fallback=rest)
            raise configparser.InterpolationDepthError(option, section,
                                                       redact_settings.setting_shown(option, raw))
        whose = chain[-1]
        at = 0
        while at < len(rest):  # each pass moves `at` on by at least one character
            p = rest.find("%", at)
            if p < 0:
                text.add(rest[at:])
                return
            if p > at:
                text.add(rest[at:p])
            c = rest[p + 1 : p + 2]
            if c == "%":
                text.add("%")
                at = p + 2
            elif c == "(":
                m = self._KEYCRE.match(rest, p)
                if m is None:
                    raise configparser.InterpolationSyntaxError(
                        option, section,
                        f"bad interpolation variable reference {_quoted(whose, rest, p)}")
                var = parser.optionxform(m.group(1))
                at = m.end()
                try:
                    v = defaults[var]
                except KeyError:
                    raw = parser.get(section, option, raw=True, fallback=rest)
                    raise configparser.InterpolationMissingOptionError(
                        option, section, raw, var
                    ) from None
                if var in chain:
                    raw = parser.get(section, option, raw=True, fallback=rest)
                    raise SelfReference(option, section, redact_settings.setting_shown(option, raw),
                                        (*chain, var))
                if "%" in v:
                    self._expand(parser, option, text, v, (*chain, var), section, defaults,
                                 depth + 1)
                else:
                    text.add(v)
            else:
                raise configparser.InterpolationSyntaxError(
                    option, section,
                    f"'%' must be followed by '%' or '(', found: {_quoted(whose, rest, p)}")


def _quoted(option: str, value: str, start: int) -> str:
    """`value[start:]`, the rest of the value of `option` from a `%`, quoted as an error quotes
    it: as the stdlib does, or redacted as the whole value is (`redact_settings.part_shown`), and
    said so (it may be another option's than the one the error names)."""
    text = value[start:]
    shown = redact_settings.part_shown(option, value, start)
    if shown == text:
        return repr(text)
    return f"{shown or redact.REDACTED!r} (in {option!r}, redacted)"


class _Text:
    """The pieces of one value being interpolated, refused at the one that passes a limit.

    A piece counts its length, an empty one 1: a value naming an empty value thousands of times
    over builds no text but costs as much work.
    """

    def __init__(self, option: str, section: str, file: BoundedInterpolation | None) -> None:
        self.option = option
        self.section = section
        self.file = file  # whose count this value adds to; None if counted already
        self.pieces: list[str] = []
        self.size = 0

    def add(self, piece: str) -> None:
        cost = len(piece) or 1
        self.size += cost
        if self.size > MAX_VALUE:
            self._refuse(f"past {MAX_VALUE} characters")
        if self.file is not None:
            self.file.spent += cost
            if self.file.spent > MAX_FILE_VALUES:
                self._refuse(f"the file's values, together, past {MAX_FILE_VALUES} characters")
        self.pieces.append(piece)

    def _refuse(self, why: str) -> None:
        message = f"option {self.option!r} grows too large through %(name)s interpolation ({why})"
        raise ValueTooLarge(self.option, self.section, message)
