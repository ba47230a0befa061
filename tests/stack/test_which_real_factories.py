"""`which` on a factory written as PasteDeploy loads it: a real factory of keystonemiddleware
two slips from its auth_token was said to be none, so the stack would not load; an `egg:`
distribution written in another case or with `_` for `.` (which `importlib.metadata` finds
all the same) was said to be a slip, and not known as the filter it is. And swift's tempauth
with an empty `reseller_prefix`, which looks every token up."""

from __future__ import annotations

import importlib.metadata

import pytest

from stack.section_names import looked_up
from tests.conftest import AUTH_TOKEN_LINE
from tests.conftest import CINDER
from tests.conftest import SWIFT
from tests.conftest import rewritten
from tests.conftest import said_line
from tests.conftest import swift_tempauth_with
from tests.conftest import which_lines
from tests.conftest import write_ini


def _slips(lines: list[str]) -> list[str]:
    return [line for line in lines if "a slip from" in line]


#: `egg:` factories written as operators write them, of distributions installed here.
EGG_FORMS = ("egg:Paste#urlmap", "egg:paste#urlmap", "EGG:PASTE#urlmap", "egg:Paste#URLMap",
             "egg:Paste#cascade", "egg:oslo.middleware#sizelimit",
             "egg:oslo_middleware#sizelimit", "egg:Oslo--Middleware#sizelimit",
             "Egg:oslo-middleware#sizelimit")


def _paste_deploy_finds(written: str) -> tuple[str, str, str]:
    """What PasteDeploy 3.1 loads for `written`, by its own steps: `loadobj` lowers the
    scheme, `EggLoader` finds the distribution by `importlib.metadata.distribution(spec)`, and
    `find_entry_point` compares the entry point's name exactly."""
    scheme, _, path = written.partition(":")
    spec, _, entry = path.partition("#")
    return scheme.lower(), importlib.metadata.distribution(spec).metadata["Name"], entry


@pytest.mark.parametrize("first", EGG_FORMS)
@pytest.mark.parametrize("second", EGG_FORMS)
def test_egg_factories_are_read_alike_where_paste_deploy_loads_them_alike(first, second):
    """Paste's urlmap and cascade (which `inspect` and `which` tell by their factory), and the
    known filters, are one `egg:` factory however the scheme and distribution are written:
    `EGG:PASTE#urlmap` is Paste's urlmap, `egg:oslo_middleware#sizelimit` oslo.middleware's
    sizelimit; `egg:Paste#URLMap` is none, as PasteDeploy finds no entry point `URLMap`."""
    alike = _paste_deploy_finds(first) == _paste_deploy_finds(second)
    assert (looked_up(first) == looked_up(second)) == alike


def test_an_egg_scheme_in_another_case_is_the_filter_it_loads(tmp_path):
    """`EGG:swift#tempauth` loads swift's tempauth (PasteDeploy lowers the scheme): it is
    answered as tempauth, not called a slip."""
    conf = SWIFT.read_text().replace("use = egg:swift#tempauth", "use = EGG:swift#tempauth")
    lines = which_lines(write_ini(tmp_path, conf, "proxy-server.conf"), "POST", "/auth/v1.0")
    assert lines[-2:-1] == ["It would stop at the filter `tempauth` with 405."]
    assert _slips(lines) == []


def test_keystonemiddlewares_oauth2_token_is_no_slip(tmp_path):
    """`oauth2_token` is two edits from `auth_token`, and a filter keystonemiddleware has
    (its setup.cfg's `paste.filter_factory`), by entry point and by module."""
    for written in ("use = egg:keystonemiddleware#oauth2_token",
                    "paste.filter_factory = keystonemiddleware.oauth2_token:filter_factory"):
        ini = rewritten(tmp_path, CINDER, AUTH_TOKEN_LINE, written)
        assert _slips(which_lines(ini, "GET", "/v2/volumes")) == [], written


def test_a_distribution_written_in_another_case_is_the_filter_it_loads(tmp_path):
    """`egg:Swift#tempauth` loads swift's tempauth (`importlib.metadata.distribution("Swift")`
    finds swift): it is answered as tempauth, not called a slip."""
    conf = rewritten(tmp_path, SWIFT, "use = egg:swift#tempauth", "use = egg:Swift#tempauth")
    lines = which_lines(conf, "POST", "/auth/v1.0")
    assert lines[-2:-1] == ["It would stop at the filter `tempauth` with 405."]
    assert _slips(lines) == []
    keystone = rewritten(tmp_path, CINDER, AUTH_TOKEN_LINE,
                         "use = egg:KeystoneMiddleware#auth_token")
    lines = which_lines(keystone, "GET", "/v2/volumes")
    assert "stop there with 401" in lines[0]
    assert _slips(lines) == []


def test_oslo_middleware_written_with_a_dash_gives_its_413(tmp_path):
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = sizelimit api\n\n"
                              "[filter:sizelimit]\nuse = egg:oslo-middleware#sizelimit\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    lines = which_lines(ini, "POST", "/x", "-H", "Content-Length: 114689")
    assert "It would stop at the filter `sizelimit` with 413." in lines
    assert _slips(lines) == []


def test_a_slip_written_in_another_case_is_still_a_slip(tmp_path):
    slipped = rewritten(tmp_path, CINDER, AUTH_TOKEN_LINE,
                        "use = egg:KeystoneMiddleware#authtoken")
    said = said_line(which_lines(slipped, "GET", "/v2/volumes"), "The filter `authtoken`")
    assert said.startswith("The filter `authtoken` (line 63) is built by "
                           "`egg:KeystoneMiddleware#authtoken`, a slip from "
                           "`egg:keystonemiddleware#auth_token`, keystonemiddleware's "
                           "auth_token: keystonemiddleware has no factory by the name written")


def test_tempauth_with_an_empty_reseller_prefix_looks_every_token_up(tmp_path):
    """`token.startswith('')` is true of every token: swift looks it up, and one it did not
    issue is denied (`denied_response`, no ACL read). It was said to be none of its own, left
    to a container's ACL."""
    ini = swift_tempauth_with(tmp_path, "reseller_prefix = ''")
    lines = which_lines(ini, "GET", "/v1/AUTH_test/c", "-H", "X-Auth-Token: tk0")
    said = said_line(lines, "The filter `tempauth`")
    assert said.startswith(
        "The filter `tempauth` (line 45) is swift's tempauth: its `reseller_prefix` (its "
        "`reseller_prefix = ''`) is empty, so every token is one it looks up in memcache")
    assert "401, whatever a container's ACL says" in said
    assert "unless a container's ACL lets anyone in" not in said
