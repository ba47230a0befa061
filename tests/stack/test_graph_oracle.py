"""`stack.graph` against PasteDeploy itself: every entry, loaded for real with stand-in factories.

No expected graph here is written by hand: for each ini (the corpus copies, more real
OpenStack files, and the edge cases below) and each entry, PasteDeploy's own `loadcontext` and
`create` compose the stack while `paste_oracle` records it, and the two graphs must be equal in
everything the contract names (entry, node ids, kinds, names, factories; edges with labels).
Where our graph marks a section refused, PasteDeploy must refuse to load it too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from paste.deploy import loadwsgi

from stack import graph
from stack.section_factories import MAX_USE_HOPS
from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.conftest import ROOT
from tests.stack import paste_oracle
from tests.stack.conftest import use_chain
from tests.stack.paste_oracle import check_entry
from tests.stack.paste_oracle import contract

INI_FILES = sorted(path for path in INI_DATA.iterdir() if path.name != "PROVENANCE.md")
#: Real files that are not in the shared corpus (see tests/data/ini/PROVENANCE.md).
ADDED_FILES = (
    "barbican-barbican-api-paste.ini",
    "base.ini",
    "cinder-stavitsky-api-paste.ini",
    "cinder-vivekdhayaal-api-paste.ini",
    "cloudkitty-api_paste.ini",
    "congress-api-paste.ini",
    "cyborg-api-paste.ini",
    "delfin-api-paste.ini",
    "designate-api-paste.ini",
    "development.ini",
    "ec2-api-api-paste.ini",
    "fourfront-development.ini",
    "glance-brk3-glance-api-paste.ini",
    "glance-glance-registry-paste.ini",
    "glare-glare-paste.ini",
    "gnocchi-api-paste.ini",
    "heat-api-paste.ini",
    "karbor-api-paste.ini",
    "keystone-keystone-paste.ini",
    "keystone-keystone.sql.conf",
    "magnetodb-api-paste.ini",
    "magnum-api-paste.ini",
    "masakari-api-paste.ini",
    "monasca-api-thuvh-api-paste.ini",
    "murano-murano-paste.ini",
    "neutron-api-paste.ini",
    "nova-2011-etc-api-paste.ini",
    "nova-old-etc-api-paste.ini",
    "nova-sapcc-api-paste.ini",
    "openstack-helm-triliovault-_api-paste.ini.tpl",
    "pyingx-paste.ini",
    "pylons-test.ini",
    "rack-api-paste.ini",
    "ranger-agent-api-paste.ini",
    "sahara-api-paste.ini",
    "searchlight-api-paste.ini",
    "senlin-api-paste.ini",
    "swift-1.conf",
    "swift-auth-server.conf-sample",
    "swift-container-reconciler.conf-sample",
    "swift-container-server.conf-sample",
    "swift-internal-client.conf-sample",
    "swift-object-expirer.conf",
    "swift-proxy-server.conf",
    "swift3-proxy-server.conf-sample",
    "tacker-api-paste.ini",
    "tcp_forward-api-paste.ini",
    "trove-api-paste.ini",
    "vitrage-api-paste.ini",
    "volt-api-paste.ini",
    "zun-api-paste.ini",
)

#: Sections of the real files above that PasteDeploy refuses, as it reads a factory's value:
#: pyingx's two empty ones, and volt's filter whose value is on an indented line (what
#: PasteDeploy reads starts with a line break, no `module:object`).
REFUSED_IN_ADDED = {
    "pyingx-paste.ini": ["app:home", "app:test"],
    "volt-api-paste.ini": ["filter:unauthenticated-context"],
}

#: Small inis for the rules the real files do not exercise. Inputs only: PasteDeploy decides.
EDGE_CASES = {
    "urlmap_forms.ini": """\
[DEFAULT]
not_found_app = missing_page

[composite:main]
use = egg:Paste#urlmap
/ = root
/v2/ = v2
//v3// = v2
domain example.com port 8080 /x/ = root
domain api.example.com / = root
/dup = root
/dup/ = v2

[composite:local_404]
use = egg:Paste#urlmap
not_found_app = v2
/static = egg:Paste#static

[app:root]
paste.app_factory = demo:root

[app:v2]
paste.app_factory = demo:v2

[app:missing_page]
paste.app_factory = demo:missing
""",
    "chains.ini": """\
[DEFAULT]
flavor = keystone

[composite:main]
use = versioned
/v3 = v3

[composite:versioned]
use = call:demo.urlmap:urlmap_factory
/ = versions
/v2 = v2

[app:versions]
use = base
set flavor = plain
get mode = flavor

[app:base]
use = egg:Demo#base
filter-with = log

[app:v2]
use = pipe
extra = 1

[pipeline:pipe]
set x = 1
pipeline = log egg:Demo#auth versions
filter-with = log

[app:v3]
use = wrapped_composite

[composite:wrapped_composite]
use = egg:Paste#urlmap
filter-with = log
/ = versions

[filter:log]
use = logbase
level = debug

[filter:logbase]
paste.filter_factory = demo:log

[filter-app:fa]
use = log
next = v2

[application:explicit]
paste.composite_factory = demo:keys
one = v2
two = log log versions
three = log nothing v2
four = plain words

[composite:usepipe]
use = pipe
/ignored = versions

[composite:chain_nf]
use = nf_inner
not_found_app = v3
/z = versions

[composite:nf_inner]
use = egg:Paste#urlmap
set not_found_app = versions
/y = v2

[pipeline:with_set]
set a = b
pipeline = log versions

[filter:fw_chain]
use = log
filter-with = log
""",
    # A `pipeline_factory` section whose `auth_strategy` names a key that the sections that
    # `use` it add (or that they fail to add): PasteDeploy merges their keys over its own.
    "used_strategy.ini": """\
[composite:main]
use = base
noauth = auth app
keystone = app

[composite:base]
use = call:nova.api.auth:pipeline_factory_v21
auth_strategy = noauth

[composite:outer_strategy]
use = base
auth_strategy = keystone
keystone = auth app

[composite:still_missing]
use = base
keystone = app

[composite:default_main]
use = bare
keystone = auth app

[composite:bare]
use = call:nova.api.auth:pipeline_factory_v21
noauth = app

[filter:auth]
paste.filter_factory = demo:auth

[app:app]
paste.app_factory = demo:app
""",
    # A `pipeline_factory` loads only the alternative its `auth_strategy` picks: one with a
    # word that names sections PasteDeploy refuses (two answer to it) or an entry point its
    # package lacks fails the composite where it is picked, and nowhere else.
    "refused_alternative.ini": """\
[composite:picked_egg]
use = call:nova.api.auth:pipeline_factory_v21
noauth = app
keystone = egg:Paste#nonesuch app

[composite:picked_ambiguous]
use = call:nova.api.auth:pipeline_factory_v21
noauth = app
keystone = twice app

[composite:unpicked_egg]
use = call:nova.api.auth:pipeline_factory_v21
auth_strategy = noauth
noauth = app
keystone = egg:Paste#nonesuch app

[composite:unpicked_ambiguous]
use = call:nova.api.auth:pipeline_factory_v21
auth_strategy = noauth
noauth = app
keystone = twice app

[filter:twice]
paste.filter_factory = demo:auth

[filter: twice]
paste.filter_factory = demo:auth

[app:app]
paste.app_factory = demo:app
""",
    # PasteDeploy takes an `egg:` factory's protocol from its entry point's group, whatever the
    # section's header: Paste's urlmap and cascade are composite factories only, static an app.
    "egg_protocols.ini": """\
[app:main]
use = egg:Paste#urlmap
/demo/ = app
/cascade = cascaded

[application:cascaded]
use = egg:Paste#cascade
app1 = app
app2 = other
catch = 404

[app:inherits]
use = main
/more = other

[composite:static]
use = egg:Paste#static
document_root = app

[app:app]
use = egg:Demo#app

[app:other]
paste.app_factory = demo:other
""",
    # An installed distribution without the entry point named (a typo): PasteDeploy's
    # `find_egg_entry_point` refuses it, by `use =` or as a pipeline's member.
    "egg_missing_entry_points.ini": """\
[composite:main]
use = egg:Paste#urlmapp
/ = app

[pipeline:api]
pipeline = egg:oslo.middleware#request_idd app

[pipeline:good]
pipeline = egg:Paste#httpexceptions egg:oslo.middleware#request_id app

[app:app]
use = egg:Demo#app
""",
    # A section of a kind PasteDeploy reads none by (`pipline`) is found by no name.
    "unknown_kind.ini": """\
[composite:main]
use = egg:Paste#urlmap
/ = versions
/v2 = app

[pipline:versions]
pipeline = app

[composit:other]
use = egg:Paste#urlmap
/ = app

[app:app]
use = egg:Demo#app
""",
    # A composite of another file used by `use = config:…` gets the loader of the file that
    # uses it (`_context_from_use`): its keys name that file's sections, not its own file's.
    "use_loader.ini": """\
[composite:indexer]
use = config:use_loader_base.ini#indexer

[app:app]
paste.app_factory = demo:using_file_app
""",
    "use_loader_base.ini": """\
[composite:indexer]
paste.composite_factory = demo:indexer
app = app

[app:app]
paste.app_factory = demo:base_file_app
""",
    # Factory values PasteDeploy cannot parse as an entry point's `module:object` (it fails
    # before importing), and ones it can: a module alone, spaces around the `:`, extras.
    "unreadable_factories.ini": """\
[composite:main]
use = egg:Paste#urlmap
/ = empty
/words = words
/break = pipe
/fine = fine

[app:empty]
paste.app_factory =

[app:words]
paste.app_factory = demo:app extra

[pipeline:pipe]
pipeline = broken fine

[filter:broken]
paste.filter_factory =
    demo:filter

[app:fine]
paste.app_factory = demo : app [extra]

[app:module_alone]
paste.app_factory = demo.app
""",
    "hash_names.ini": """\
[composite:main#1]
use = egg:Paste#urlmap
/ = my#app
/p = p#2

[pipeline:p#2]
pipeline = f#1 my#app

[filter:f#1]
use = egg:Demo#f

[app:my#app]
use = egg:Demo#app
""",
    "foreign.ini": """\
[DEFAULT]
shared = yes

[app:main]
use = config:sub/other.ini
set glob = 1

[composite:map]
use = egg:Paste#urlmap
/a = config:sub/other.ini#piped
/b = config:%(here)s/sub/other.ini

[app:back]
use = egg:Demo#back
""",
    "sub/other.ini": """\
[DEFAULT]
def = other

[app:main]
paste.app_factory = demo:other
val = %(here)s/data %(def)s %(shared)s

[pipeline:piped]
pipeline = f config:../foreign.ini#back

[filter:f]
use = egg:Demo#f
""",
    # Another file of the name of the file read: its ids are told apart by its path.
    "same_name.ini": """\
[composite:main]
use = egg:Paste#urlmap
/ = config:sub/same_name.ini

[app:back]
use = egg:Demo#back
""",
    "sub/same_name.ini": """\
[pipeline:main]
pipeline = f config:../same_name.ini#back

[filter:f]
use = egg:Demo#f
""",
    "broken.ini": """\
[composite:main]
use = egg:Paste#urlmap
/ = good
/bad = nowhere
notaprefix = good

[app:good]
paste.app_factory = demo:good

[pipeline:missing_filter]
pipeline = nofilter good

[pipeline:empty]
pipeline =

[filter-app:nonext]
use = egg:Demo#f

[app:twofactories]
paste.app_factory = demo:a
paste.composite_factory = demo:b

[app:nofactory]
key = value

[app:filterkey]
paste.filter_factory = demo:f

[composite:compositkey]
paste.filter_app_factory = demo:f

[pipeline:appkeyfilter]
pipeline = appkey good

[filter:appkey]
paste.composit_factory = demo:b

[app:same]
paste.app_factory = demo:a

[pipeline:same]
pipeline = good

[composite:useamb]
use = egg:Paste#urlmap
/ = same

[app:callref]
use = call:demo

[pipeline:directcall]
pipeline = call:demo:f good

[app:loop1]
use = loop2

[app:loop2]
use = loop1

[composite:cyc]
use = egg:Paste#urlmap
/ = cyc2

[pipeline:cyc2]
pipeline = good_filter cyc

[filter:good_filter]
paste.filter_factory = demo:f

[app:getmissing]
paste.app_factory = demo:a
get x = nothere

[app:badscheme]
use = http://example.com/app

[app:missingfile]
use = config:nothere.ini

[filter-app:fa_call]
use = call:demo:f
next = good

[app:shadowed]
paste.app_factory = demo:a

[application:shadowed]
paste.app_factory = demo:b

[composite:pf]
use = call:nova.api.auth:pipeline_factory_v21
noauth = good_filter same
""",
}


def check_refused(path: Path, error: dict) -> None:
    """A section we list as refused is refused by PasteDeploy when loaded by its name."""
    kind, _, name = error["section"].partition(":")
    object_type = loadwsgi.FILTER if kind == "filter" else loadwsgi.APP
    with pytest.raises(paste_oracle.Refused):
        paste_oracle.oracle_graph(str(path), name, object_type)


def _entry_params() -> list:
    params = []
    for path in INI_FILES:
        for pipeline_graph in graph.read_ini(str(path)).graphs:
            params.append(
                pytest.param(path, pipeline_graph.entry, id=f"{path.name}-{pipeline_graph.entry}")
            )
    return params


def _refused_params() -> list:
    params = []
    for path in INI_FILES:
        for error in graph.read_ini(str(path)).errors:
            if error["section"].split(":")[0] in graph.APP_KINDS + ("filter",):
                params.append(pytest.param(path, error, id=f"{path.name}-{error['section']}"))
    return params


@pytest.mark.parametrize(("path", "entry"), _entry_params())
def test_graph_matches_paste_deploy(path: Path, entry: str) -> None:
    check_entry(path, graph.load_graph(str(path), entry))


@pytest.mark.parametrize(("path", "error"), _refused_params())
def test_refused_sections_are_refused_by_paste_deploy(path: Path, error: dict) -> None:
    check_refused(path, error)


def test_added_files_are_checked_and_refused_only_where_listed() -> None:
    checked = {param.values[0].name for param in _entry_params()}
    assert set(ADDED_FILES) <= checked
    for name in ADDED_FILES:
        refused = [error["section"] for error in graph.read_ini(str(INI_DATA / name)).errors]
        assert refused == REFUSED_IN_ADDED.get(name, [])


@pytest.mark.parametrize("case", [name for name in EDGE_CASES if "/" not in name])
def test_edge_cases_match_paste_deploy(case: str, tmp_path: Path) -> None:
    for name, text in EDGE_CASES.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    path = tmp_path / case
    ini = graph.read_ini(str(path))
    assert ini.graphs
    for pipeline_graph in ini.graphs:
        check_entry(path, pipeline_graph)
    for error in ini.errors:
        if error["section"].split(":")[0] in graph.APP_KINDS + ("filter",):
            check_refused(path, error)


def test_a_section_only_used_is_refused_by_its_own_name_as_by_paste_deploy(tmp_path) -> None:
    """Loaded through `use =` it builds with its users' keys (the edge case above); named
    itself it has only its own, and PasteDeploy's load fails."""
    path = tmp_path / "used_strategy.ini"
    path.write_text(EDGE_CASES["used_strategy.ini"])
    ini = graph.read_ini(str(path))
    assert ini.entries == ["composite:main", "composite:outer_strategy",
                           "composite:still_missing", "composite:default_main"]
    assert [error["section"] for error in ini.errors] == ["composite:still_missing"]
    assert ini.nodes["composite:base"].warnings == [
        "used_strategy.ini:8: PasteDeploy would refuse it loaded by its own name: its "
        "`auth_strategy = noauth` names none of its alternatives (it has none), so it has no "
        "pipeline to build; as the `use =` of [composite:main], [composite:outer_strategy], "
        "[composite:still_missing] it is built with their keys too"]
    for name in ("base", "bare"):
        with pytest.raises(graph.IniError, match="when loaded by its own name"):
            graph.load_graph(str(path), name)
        with pytest.raises(paste_oracle.Refused, match="names no pipeline here"):
            paste_oracle.oracle_graph(str(path), name)


def test_the_comparison_sees_a_wrong_graph() -> None:
    path = NOVA
    good = graph.load_graph(str(path), "osapi_compute")
    expected = paste_oracle.oracle_graph(str(path), "osapi_compute")
    assert len(expected["edges"]) == len(good.edges) > 40
    swapped = [
        graph.Edge(e.source, e.target, "/v2" if e.label == "/v2.1" else e.label) for e in good.edges
    ]
    assert contract(graph.PipelineGraph(good.entry, good.nodes, swapped)) != expected


def test_the_oracle_imports_nothing_the_ini_names(tmp_path: Path, monkeypatch) -> None:
    marker = tmp_path / "imported"
    (tmp_path / "loud_factory.py").write_text(
        f"open({str(marker)!r}, 'w').close()\ndef app(global_conf, **local):\n    return None\n"
    )
    (tmp_path / "loud.ini").write_text(
        "[composite:main]\nuse = call:loud_factory:app\nroot = pipe\n\n"
        "[pipeline:pipe]\npipeline = f app\n\n"
        "[filter:f]\npaste.filter_factory = loud_factory:app\n\n"
        "[app:app]\nuse = egg:loud_factory#app\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    result = paste_oracle.oracle_graph(str(tmp_path / "loud.ini"), "main")
    assert ("composite:main", "pipeline:pipe", "root") in result["edges"]
    assert not marker.exists()


#: PasteDeploy at its best: a fresh interpreter calling `loadapp` at its top level, with the
#: factory's module imported already (importing it at the chain's end takes frames too).
LOAD_S0 = "import sys, tests.stack.paste_apps\nfrom paste.deploy import loadapp\n" \
    "loadapp('config:' + sys.argv[1], name='s0')\n"


@pytest.mark.parametrize("hops", [MAX_USE_HOPS, MAX_USE_HOPS + 1])
def test_paste_deploy_follows_use_chains_as_far_as_we_do(hops: int, tmp_path: Path) -> None:
    path = tmp_path / "chain.ini"
    path.write_text(use_chain(hops))
    done = subprocess.run(
        [sys.executable, "-c", LOAD_S0, str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    refused = graph.read_ini(str(path)).errors
    if hops <= MAX_USE_HOPS:
        assert (done.returncode, done.stderr, refused) == (0, "", [])
    else:
        assert done.returncode == 1
        assert "RecursionError" in done.stderr.splitlines()[-1]
        assert [error["section"] for error in refused] == ["app:s0"]
