"""`stack.ini_interpolation`: values as the stdlib interpolates them, refused past a size."""

from __future__ import annotations

import configparser

import pytest

from stack.ini_interpolation import MAX_FILE_VALUES
from stack.ini_interpolation import MAX_VALUE
from stack.ini_interpolation import BoundedInterpolation
from stack.ini_interpolation import SelfReference
from stack.ini_interpolation import ValueTooLarge
from tests.conftest import run_cli
from tests.stack.conftest import chained_defaults
from tests.stack.work import Budget
from tests.stack.work import SlicedText
from tests.stack.work import references_followed

#: Values the stdlib reads, or refuses, in every way it can: both must read them alike.
ORDINARY = """\
[DEFAULT]
here = /srv/api
empty =
percent = 100%%
path = %(here)s/etc
uses_percent = %(percent)s of %(path)s
missing = %(nowhere)s
missing_deeper = at %(missing)s
lone_percent = 50%
unclosed = %(here
no_name = %()s
not_s = %(here)d
d0 = bottom %%
""" + "".join(f"d{n} = %(d{n - 1})s\n" for n in range(1, 12)) + """
[section]
here = /overridden
plain = no references
both = %(path)s and %(percent)s, %(empty)s.
"""


def parser(text: str, interpolation: configparser.Interpolation) -> configparser.ConfigParser:
    read = configparser.ConfigParser(interpolation=interpolation)
    read.optionxform = str
    read.read_string(text)
    return read


def outcome(read: configparser.ConfigParser, section: str, option: str) -> object:
    try:
        return read.get(section, option)
    except configparser.Error as exc:
        return type(exc), str(exc)


def test_ordinary_values_and_errors_are_the_stdlibs() -> None:
    stdlib = parser(ORDINARY, configparser.BasicInterpolation())
    ours = parser(ORDINARY, BoundedInterpolation())
    options = [("DEFAULT", option) for option in stdlib.defaults()]
    options += [("section", option) for option in stdlib.options("section")]
    assert len(options) > 30
    for section, option in options:
        assert outcome(ours, section, option) == outcome(stdlib, section, option), option
    assert ours.get("DEFAULT", "d9") == "bottom %"  # within the stdlib's depth, d10 is not
    assert outcome(ours, "DEFAULT", "d10")[0] is configparser.InterpolationDepthError
    assert ours.get("section", "both") == "/overridden/etc and 100%, ."


def test_a_value_that_refers_to_itself_is_said_to_where_the_stdlib_counts_steps() -> None:
    text = "[DEFAULT]\na = x %(b)s\nb = %(a)s\n[section]\nurl = %(url)s/v3\n"
    stdlib = parser(text, configparser.BasicInterpolation())
    ours = parser(text, BoundedInterpolation())
    for section, option in (("DEFAULT", "a"), ("section", "url")):
        assert outcome(stdlib, section, option)[0] is configparser.InterpolationDepthError
        assert outcome(ours, section, option)[0] is SelfReference
    assert outcome(ours, "DEFAULT", "a")[1] == (
        "option 'a' in section 'DEFAULT' refers to itself (a → b → a), so it can never be "
        "filled in. PasteDeploy gives up after 10 steps (Recursion limit exceeded in value "
        "substitution). Raw value: 'x %(b)s'")


def test_inspect_says_a_filter_s_setting_names_itself(tmp_path) -> None:
    """As platform9's vouch ships it: `%(auth_url)s` reads the section's own `auth_url`."""
    ini = tmp_path / "api-paste.ini"
    ini.write_text("[DEFAULT]\ndebug = true\n\n[pipeline:main]\n"
                   "pipeline = authtoken app\n\n[filter:authtoken]\n"
                   "paste.filter_factory = keystonemiddleware.auth_token:filter_factory\n"
                   "auth_url = %(auth_url)s\n\n[app:app]\npaste.app_factory = a:b\n")
    tree = run_cli("inspect", str(ini))
    assert tree.returncode == 0
    assert ("line 9: [filter:authtoken] option 'auth_url' in section 'filter:authtoken' refers "
            "to itself (auth_url → auth_url), so it can never be filled in: a %(name)s reads "
            "its section's own key, and [DEFAULT]'s only where the section has none. "
            "PasteDeploy gives up after 10 steps") in tree.stdout


def test_a_value_may_reach_the_limit_and_not_pass_it() -> None:
    text = chained_defaults(levels=4, fan=16, leaf="x" * 16) + "at = %(v3)s\nover = %(v3)s.\n"
    read = parser(text, BoundedInterpolation())
    assert len(read.get("DEFAULT", "at")) == MAX_VALUE
    with pytest.raises(ValueTooLarge) as raised:
        read.get("DEFAULT", "over")
    assert str(raised.value) == (
        "option 'over' grows too large through %(name)s interpolation (past 65536 characters)"
    )
    assert (raised.value.option, raised.value.section) == ("over", "DEFAULT")


@pytest.mark.parametrize(
    ("fan", "leaf", "refused"),
    [
        (5, "x" * 10, "v6"),  # 10 × 5**6 characters; the stdlib takes seconds for v9
        (16, "", "v5"),  # no text at all, but 16**5 references: the stdlib takes hours for v9
    ],
)
def test_a_blow_up_stops_at_the_limit_at_once(
    monkeypatch: pytest.MonkeyPatch, fan: int, leaf: str, refused: str
) -> None:
    """Each value is read within 2 × MAX_VALUE references (a piece each, and the values
    naming them), where the stdlib follows all fan**9 of v9's."""
    read = parser(chained_defaults(levels=10, fan=fan, leaf=leaf), BoundedInterpolation())
    followed = references_followed(monkeypatch, most=2 * MAX_VALUE)
    for n in range(10):
        option = f"v{n}"
        if option == refused:
            break
        followed.spent = 0
        read.get("DEFAULT", option)
        assert followed.spent or n == 0  # counted: v0 alone names no other
    for option in (refused, "v9"):
        followed.spent = 0
        with pytest.raises(ValueTooLarge, match=rf"^option '{option}' grows too large"):
            read.get("DEFAULT", option)


def test_a_long_value_is_read_in_linear_time() -> None:
    """The stdlib slices off the rest of a value at each `%`: quadratic, seconds for this one.
    Read by index, no character of a value is sliced out twice."""
    fits, long = "%%" * MAX_VALUE, "%%" * 8 * MAX_VALUE
    read = parser(f"[DEFAULT]\nfits = {fits}\nlong = {long}\n", BoundedInterpolation())
    sliced = Budget("characters sliced out of the values", most=len(fits) + len(long))
    for option in ("fits", "long"):
        read.set("DEFAULT", option, SlicedText.of(read.get("DEFAULT", option, raw=True), sliced))
    assert read.get("DEFAULT", "fits") == "%" * MAX_VALUE
    assert sliced.spent  # counted: read through its slices
    with pytest.raises(ValueTooLarge, match="^option 'long' grows too large"):
        read.get("DEFAULT", "long")


def test_a_files_values_together_are_bounded_each_counted_once() -> None:
    count = MAX_FILE_VALUES // MAX_VALUE
    text = chained_defaults(levels=4, fan=16, leaf="x" * 16)
    text += "".join(f"k{n} = %(v3)s\n" for n in range(count + 1))
    read = parser(text, BoundedInterpolation())
    for n in range(count):  # each exactly MAX_VALUE: together exactly the file's limit
        read.get("DEFAULT", f"k{n}")
        read.get("DEFAULT", f"k{n}")  # read again: not counted again
    with pytest.raises(ValueTooLarge) as raised:
        read.get("DEFAULT", f"k{count}")
    assert str(raised.value) == (
        f"option 'k{count}' grows too large through %(name)s interpolation "
        f"(the file's values, together, past {MAX_FILE_VALUES} characters)"
    )
