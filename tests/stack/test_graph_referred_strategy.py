"""`inspect` on a `pipeline_factory` in a file a `config:` reference leads to under a `set
auth_strategy`: PasteDeploy loads that file under the `set`, skips the composite's own
`auth_strategy`, and `stack.wsgi.pipeline_factory` builds OpenStack's default, `keystone`.
`inspect` read the setting as written: it warned of the `noauth2` pipeline no request reaches,
refused a composite that loads, and passed one that does not."""

from __future__ import annotations

import pytest
from paste.deploy import loadapp

from tests.conftest import cli_lines
from tests.conftest import which_lines
from tests.conftest import write_ini
from tests.stack.inspect_cli import inspect_json
from tests.stack.inspect_cli import node
from tests.stack.referred_strategy import API
from tests.stack.referred_strategy import APP
from tests.stack.referred_strategy import answered
from tests.stack.referred_strategy import referred

#: What `inspect` says the composite builds on that way, at its `auth_strategy` (other.ini:3).
BUILDS = ("other.ini:3: it builds its `keystone` alternative (OpenStack's default "
          "`auth_strategy`: `auth_strategy = noauth2` at other.ini:3 is skipped, as PasteDeploy "
          "loads its file (a `config:` reference leads there) under a global_conf holding "
          "`auth_strategy` (a `set` above, or a [DEFAULT] before it), and hands a section none "
          "of its own settings of such a name), on the way the composite `main` leads to it")


def test_no_noauth_warning_where_the_set_above_builds_keystone(tmp_path):
    """It warned `requests are not authenticated` of the `noauth2` pipeline: the stack
    PasteDeploy builds serves `keystone`'s."""
    ini = referred(tmp_path, "noauth2 = open\nkeystone = guarded\n", ["open", "guarded"])
    assert answered(ini) == "guarded"
    tree = cli_lines("inspect", ini)
    assert not [line for line in tree if "requests are not authenticated" in line]
    assert f"      ! {BUILDS}" in tree
    assert node(inspect_json(ini), API)["warnings"] == [BUILDS]


def test_a_composite_its_own_strategy_breaks_loads_under_the_set(tmp_path):
    """`auth_strategy = noauth2` picks a key naming a filter that is not there: refused as
    written, but PasteDeploy skips that setting and builds `keystone`, which loads; `noauth2`
    is an alternative not followed, offered as refused."""
    ini = referred(tmp_path, "noauth2 = nothere open\nkeystone = guarded\n", ["open", "guarded"])
    assert answered(ini) == "guarded"
    tree = cli_lines("inspect", ini)
    assert "PasteDeploy would refuse this section:" not in tree
    composite = node(inspect_json(ini), API)
    assert composite["errors"] == []
    assert composite["refused_alternatives"]["noauth2"]["error"].startswith(
        "as chosen, it builds its `noauth2` alternative (line 4), where 'nothere' names no "
        "filter section")
    assert composite["warnings"][0].startswith(
        "other.ini:4: its `noauth2` alternative, not followed, would fail if chosen: "
        "'nothere' names no filter section")
    assert composite["warnings"][1:] == [BUILDS]


def test_a_composite_with_no_keystone_is_refused_under_the_set(tmp_path):
    """As written it builds `noauth2` and passed; under the `set` PasteDeploy builds
    `keystone`, which it does not offer, and the load fails: `inspect` refuses it, with the
    way, and the refusal is that key's, lifted where a service's config picks `noauth2`."""
    ini = referred(tmp_path, "noauth2 = open\n", ["open"])
    with pytest.raises(LookupError, match="auth_strategy 'keystone' names no pipeline here"):
        answered(ini)
    tree = cli_lines("inspect", ini)
    refused = tree.index("PasteDeploy would refuse this section:")
    assert tree[refused + 1].startswith(
        f"  other.ini:1: [{API}] it builds its `keystone` alternative (OpenStack's default "
        "`auth_strategy`: `auth_strategy = noauth2` at other.ini:3 is skipped, ")
    assert tree[refused + 1].endswith(
        "which it does not offer (it offers `noauth2`), so it has no pipeline to build, on the "
        "way the composite `main` leads to it")
    composite = node(inspect_json(ini), API)
    assert composite["refused_alternatives"] == {
        "keystone": {"line": 1, "error": composite["errors"][0]}}
    assert not [warning for warning in composite["warnings"]
                if "requests are not authenticated" in warning]


def test_a_default_that_is_a_broken_alternative_is_refused_as_built_on_the_way(tmp_path):
    """Under the `set` PasteDeploy builds `keystone`, whose `nothere` is no section, and the
    load fails. The refusal said `as chosen` (nobody chose it) without the way, and the node
    kept a warning that `keystone` was not followed, though it is the key followed."""
    ini = referred(tmp_path, "noauth2 = open\nkeystone = nothere guarded\n", ["open", "guarded"])
    with pytest.raises(LookupError, match="No section 'nothere'"):
        answered(ini)
    tree = cli_lines("inspect", ini)
    refused = tree[tree.index("PasteDeploy would refuse this section:") + 1]
    assert refused.startswith(
        f"  other.ini:5: [{API}] it builds its `keystone` alternative (OpenStack's default "
        "`auth_strategy`: `auth_strategy = noauth2` at other.ini:3 is skipped, ")
    assert refused.endswith(
        "where 'nothere' names no filter section, on the way the composite `main` leads to it")
    composite = node(inspect_json(ini), API)
    assert composite["errors"] == [refused.removeprefix(f"  other.ini:5: [{API}] ")]
    assert composite["refused_alternatives"] == {
        "keystone": {"line": 5, "error": composite["errors"][0]}}
    assert composite["warnings"] == []
    assert not [line for line in tree if "as chosen" in line or "not followed" in line]
    told = which_lines(ini, "GET", "/x", status=2)
    assert told[1].startswith("The composite `api` of other.ini cannot be built (other.ini:5): "
                              "it builds its `keystone` alternative (OpenStack's default ")
    assert ("where 'nothere' names no filter section, on the way the composite `main` leads "
            "to it. PasteDeploy builds every section") in told[1]


def test_a_broken_default_too_long_to_say_whole_is_refused_without_a_warning(tmp_path):
    """A name long enough that the stored refusal of `keystone` is cut to a readable length:
    why it cannot be built was read back from that text, which no longer matched the
    warning that `keystone` was not followed, so the warning stayed beside the refusal that
    says it is built, and the refusal cut the already cut words again."""
    missing = "nothere" * 80
    ini = referred(tmp_path, f"noauth2 = open\nkeystone = {missing} guarded\n",
                   ["open", "guarded"])
    with pytest.raises(LookupError, match=f"No section '{missing}'"):
        answered(ini)
    tree = cli_lines("inspect", ini)
    assert not [line for line in tree if "as chosen" in line or "not followed" in line]
    composite = node(inspect_json(ini), API)
    assert composite["warnings"] == []
    [error] = composite["errors"]
    assert error.startswith("it builds its `keystone` alternative (OpenStack's default ")
    assert error.count("characters cut]") == 1
    assert error.endswith("names no filter section, on the way the composite `main` leads to it")


#: main.ini of one file: `main` reaches its own `api` under a `set` (by a `config:` reference),
#: `direct` reaches it as written; `api` offers only `keystone`.
TWO_ENTRIES = ("[composite:main]\nuse = egg:Paste#urlmap\n/ = config:main.ini#api\n"
               "set auth_strategy = x\n\n[pipeline:direct]\npipeline = f api\n\n"
               "[filter:f]\npaste.filter_factory = tests.stack.paste_apps:make_tag\n\n"
               "[composite:api]\nuse = call:stack.wsgi:pipeline_factory\n"
               "auth_strategy = noauth2\nkeystone = guarded\n\n" + APP.format(name="guarded"))


def test_an_entry_without_a_reference_is_judged_as_written(tmp_path):
    """Only the entries whose graph holds a `config:` reference were walked, and `main`'s way
    (which builds `keystone`) lifted the refusal of `api`: `direct` builds it as written, with
    its `auth_strategy = noauth2`, which names no key, and PasteDeploy fails to load it."""
    ini = str(write_ini(tmp_path, TWO_ENTRIES, "main.ini"))
    assert answered(ini) == "guarded"
    with pytest.raises(LookupError, match="auth_strategy 'noauth2' names no pipeline here"):
        loadapp(f"config:{ini}", name="direct")
    tree = cli_lines("inspect", ini, "--name", "direct")
    assert tree[-2:] == [
        "PasteDeploy would refuse to load this:",
        "  main.ini:14 [composite:api]: its `auth_strategy = noauth2` names none of its "
        "alternatives (keystone), so it has no pipeline to build"]
