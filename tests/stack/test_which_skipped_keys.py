"""`which` and `inspect` on a `pipeline_factory` in a file a `config:` reference leads to under a
`set NAME` whose NAME is one of the composite's keys (a `set noauth2 = …` above nova's
`openstack_compute_api_v21`): PasteDeploy loads that file under the `set`, so its `get_context`
skips the composite's own `noauth2` key, and the factory is never handed that pipeline. Both
read the key as written: they said the stack loads and the request reaches `noauth2`'s app,
where `loadapp` fails (`auth_strategy 'noauth2' names no pipeline here`)."""

from __future__ import annotations

import pytest

from tests.conftest import cli_lines
from tests.conftest import which_lines
from tests.conftest import write_ini
from tests.stack.referred_strategy import API
from tests.stack.referred_strategy import APP
from tests.stack.referred_strategy import OTHER
from tests.stack.referred_strategy import answered
from tests.stack.referred_strategy import main_ini

#: What `which` and `inspect` say of the composite under `set noauth2` (after its line).
SKIPPED = ("it builds its `noauth2` alternative (as `auth_strategy = noauth2` at other.ini:3 "
           "says), a key PasteDeploy skips there, as it loads its file under a global_conf "
           "holding `noauth2` (`set noauth2 = guarded` of the composite `main` (line 4)), so "
           "it has no pipeline to build (it offers `keystone`), on the way the composite "
           "`main` leads to it")


def test_a_set_of_the_key_its_strategy_picks_fails_the_load(tmp_path):
    ini = main_ini(tmp_path, "noauth2")
    with pytest.raises(LookupError, match="auth_strategy 'noauth2' names no pipeline here"):
        answered(ini)
    told = which_lines(ini, "GET", "/x", status=2)
    assert told == ["GET /x would get no answer: the stack would not load.",
                    f"The composite `api` of other.ini cannot be built (other.ini:1): {SKIPPED}. "
                    "PasteDeploy builds every section the composite `main` reaches as it loads "
                    "it, so loading fails, and no request is answered."]
    tree = cli_lines("inspect", ini)
    assert tree[tree.index("PasteDeploy would refuse this section:") + 1] == (
        f"  other.ini:1: [{API}] {SKIPPED}")
    assert not [line for line in tree if "requests are not authenticated" in line]


def test_a_choice_of_the_key_pastedeploy_hands_it_lifts_the_refusal(tmp_path):
    """A service's config that picks `keystone` loads: its refusal is `noauth2`'s alone."""
    ini = main_ini(tmp_path, "noauth2")
    told = which_lines(ini, "GET", "/x", "--choose", f"{API}=keystone")
    assert told[0] == ("GET /x would go: the composite `main` → the composite `api` of "
                       "other.ini → the app `closed` of other.ini.")
    assert ("PasteDeploy skips its key `noauth2` (`set noauth2 = guarded` of the composite "
            "`main` (line 4)) on this way, as it loads its file under a global_conf holding "
            "that name: the composite `api` of other.ini is never handed that pipeline, and a "
            "service's config that picks it fails to load.") in told


def test_a_set_of_another_key_leaves_the_one_picked(tmp_path):
    """`set keystone` skips `keystone`, which the strategy does not pick: the stack loads and
    serves `noauth2`'s app; `which` says `keystone` is not offered there."""
    ini = main_ini(tmp_path, "keystone")
    assert answered(ini) == "open"
    told = which_lines(ini, "GET", "/x")
    assert told[0].endswith("→ the app `open` of other.ini.")
    assert ("PasteDeploy skips its key `keystone` (`set keystone = guarded` of the composite "
            "`main` (line 4)) on this way, as it loads its file under a global_conf holding "
            "that name: the composite `api` of other.ini is never handed that pipeline, and a "
            "service's config that picks it fails to load.") in told
    assert "PasteDeploy would refuse this section:" not in cli_lines("inspect", ini)
    chosen = which_lines(ini, "GET", "/x", "--choose", f"{API}=keystone", status=2)
    assert chosen[1].startswith("The composite `api` of other.ini cannot be built (other.ini:1): "
                                "it builds its `keystone` alternative (as chosen), a key "
                                "PasteDeploy skips there")


def test_a_set_in_the_section_that_uses_the_config_reference(tmp_path):
    """`[composite:api] set noauth2 = …` with `use = config:other.ini#api`: PasteDeploy puts
    the `set` in the global_conf it loads other.ini under, and skips the key there too."""
    write_ini(tmp_path, OTHER, "other.ini")
    ini = str(write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = api\n\n"
                        "[composite:api]\nset noauth2 = guarded\nuse = config:other.ini#api\n\n"
                        + APP.format(name="open") + "\n" + APP.format(name="closed"),
                        "main.ini"))
    with pytest.raises(LookupError, match="auth_strategy 'noauth2' names no pipeline here"):
        answered(ini)
    told = which_lines(ini, "GET", "/x", status=2)
    assert told[1].startswith("The composite `api` cannot be built (line 5): it builds its "
                              "`noauth2` alternative")
    assert ("a key PasteDeploy skips there, as it loads its file under a global_conf holding "
            "`noauth2` (`set noauth2 = guarded` of the composite `api` (line 6))") in told[1]


def test_a_second_way_that_skips_the_key_is_judged_too(tmp_path):
    """`/a` leads to other.ini's composite as written, `/b` through `sub`, whose `set noauth2`
    skips that key there: PasteDeploy builds both, and the second fails. The load check
    judged a section once for each value a way hands the names its choice reads, which the
    keys were not among, so the second way was taken for the first."""
    write_ini(tmp_path, OTHER, "other.ini")
    ini = str(write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n"
                        "/a = config:other.ini#api\n/b = sub\n\n[composite:sub]\n"
                        "use = egg:Paste#urlmap\n/ = config:other.ini#api\n"
                        "set noauth2 = guarded\n", "main.ini"))
    with pytest.raises(LookupError, match="auth_strategy 'noauth2' names no pipeline here"):
        answered(ini)
    told = which_lines(ini, "GET", "/a/x", status=2)
    assert told[1].endswith(
        "a key PasteDeploy skips there, as it loads its file under a global_conf holding "
        "`noauth2` (`set noauth2 = guarded` of the composite `sub` (line 9)), so it has no "
        "pipeline to build (it offers `keystone`), on the way the composite `main` → the "
        "composite `sub` leads to it. PasteDeploy builds every section the composite `main` "
        "reaches as it loads it, so loading fails, and no request is answered.")


def test_a_key_the_section_that_uses_the_config_reference_writes_again_is_kept(tmp_path):
    """`[composite:api] set noauth2 = …`, `noauth2 = closed`, `use = config:other.ini#api`:
    other.ini's `noauth2` is skipped, but `_context_from_use` puts the section's own back, so
    the stack loads and serves `closed`. The graph gave the section the used composite's keys
    as its own edges, so `which` said the stack would not load and `inspect` refused it."""
    write_ini(tmp_path, OTHER, "other.ini")
    ini = str(write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = api\n\n"
                        "[composite:api]\nset noauth2 = guarded\nnoauth2 = closed\n"
                        "use = config:other.ini#api\n\n" + APP.format(name="open") + "\n"
                        + APP.format(name="closed"), "main.ini"))
    assert answered(ini) == "closed"
    told = which_lines(ini, "GET", "/x")
    assert told[0] == ("GET /x would go: the composite `main` → the composite `api` → the app "
                       "`closed`.")
    assert not [line for line in told if "PasteDeploy skips" in line]
    assert "PasteDeploy would refuse this section:" not in cli_lines("inspect", ini)


def test_the_one_key_left_is_said_followed_for_its_reason_beside_the_skipped(tmp_path):
    """Skipping `keystone` leaves `noauth2` alone: `which` said the composite "names one
    section, by its key", as though the file wrote one, and dropped why it is followed."""
    told = which_lines(main_ini(tmp_path, "keystone"), "GET", "/x")
    assert ("The composite `api` of other.ini offers 2 alternatives; `noauth2` is followed (as "
            "`auth_strategy = noauth2` at other.ini:3 says); the others: `keystone` (which "
            "PasteDeploy skips on this way).") in told
    assert not [line for line in told if "names one section" in line]
