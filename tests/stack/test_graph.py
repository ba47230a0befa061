"""Rules of `stack.graph`, one small example each (the oracle test checks whole files).

Sections are read by `stack.graph_sections` and files parsed by `stack.ini_parse`; the rules are
shown here through `stack.graph`, the one module other code reads ini files with.
"""

from __future__ import annotations

import builtins
import json
import subprocess
import sys
from pathlib import Path

import pytest

from stack import graph
from stack.section_factories import MAX_USE_HOPS
from tests.conftest import CINDER
from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.conftest import ROOT
from tests.conftest import SWIFT
from tests.conftest import write_ini
from tests.stack.conftest import chained_defaults
from tests.stack.conftest import use_chain


def read(name: str) -> graph.IniFile:
    return graph.read_ini(str(INI_DATA / name))


def write(tmp_path: Path, text: str, name: str = "api-paste.ini") -> str:
    """`write_ini`, as the text path the graph's functions take."""
    return str(write_ini(tmp_path, text, name))


def labels(pipeline_graph: graph.PipelineGraph, node_id: str) -> dict[str, str]:
    return {edge.label: edge.target for edge in pipeline_graph.edges_from(node_id)}


def test_nova_entries_prefixes_and_inline_pipelines() -> None:
    ini = read("nova-api-paste.ini")
    assert ini.entries == ["composite:metadata", "composite:ec2", "composite:osapi_compute"]
    assert ini.errors == []
    nova = graph.load_graph("nova-api-paste.ini", "osapi_compute", ini=ini)
    assert labels(nova, "composite:osapi_compute") == {
        "/": "pipeline:oscomputeversions",
        "/v1.1": "composite:openstack_compute_api_v2",
        "/v2": "composite:openstack_compute_api_v2",
        "/v2.1": "composite:openstack_compute_api_v21",
        "/v3": "composite:openstack_compute_api_v3",
    }
    root = nova.nodes["composite:osapi_compute"]
    assert (root.factory, root.line) == ("call:nova.api.openstack.urlmap:urlmap_factory", 59)
    keystone = nova.nodes["pipeline:openstack_compute_api_v2[keystone]"]
    assert (keystone.kind, keystone.name, keystone.factory) == (
        "pipeline",
        "openstack_compute_api_v2[keystone]",
        None,
    )
    assert [edge.target for edge in nova.edges_from(keystone.id)] == [
        "filter:compute_req_id",
        "filter:faultwrap",
        "filter:sizelimit",
        "filter:authtoken",
        "filter:keystonecontext",
        "filter:ratelimit",
        "app:osapi_compute_app_v2",
    ]
    assert [edge.label for edge in nova.edges_from(keystone.id)] == [str(i) for i in range(7)]
    assert "filter:ec2lockout" not in nova.nodes  # only what the entry reaches


def test_root_app_factory_composites_are_urlmap_like() -> None:
    glance = graph.load_graph(str(INI_DATA / "glance-glance-api-paste.ini"), "glance-api")
    assert labels(glance, "composite:rootapp") == {
        "/": "app:apiversions",
        "/v1": "app:apiv1app",
        "/v2": "app:apiv2app",
    }
    assert glance.nodes["composite:rootapp"].factory == "glance.api:root_app_factory"
    cinder = graph.load_graph(str(CINDER), "osapi_volume")
    assert labels(cinder, "composite:osapi_volume")["/v1"] == "composite:openstack_volume_api_v1"


def test_other_composites_keys_are_branches_or_settings() -> None:
    ini = read("pastedeploy-test_func.ini")
    remote = ini.graphs[0]
    assert remote.entry == "composite:remote_addr"
    assert labels(remote, "composite:remote_addr") == {"app.1": "app:main", "app.2": "app:other"}
    assert remote.nodes["composite:remote_addr"].conf == {
        "addr.1": "127.0.0.1",
        "addr.2": "0.0.0.0",
    }
    assert remote.nodes["app:main"].factory == "call:fakeapp.apps:make_basic_app"


def test_references_filter_apps_and_a_refused_pipeline() -> None:
    ini = read("pastedeploy-test_filter.ini")
    piped = graph.load_graph("", "piped", ini=ini)
    assert labels(piped, "pipeline:piped") == {"0": "filter:egg:FakeApp#caps", "1": "app:normal"}
    caps = piped.nodes["filter:egg:FakeApp#caps"]
    assert (caps.name, caps.factory, caps.file) == ("egg:FakeApp#caps", "egg:FakeApp#caps", None)
    filt = graph.load_graph("", "filt", ini=ini)
    assert filt.nodes["filter-app:filt"].factory == "egg:FakeApp#caps"
    assert filt.nodes["filter-app:filt"].conf == {"method_to_call": "lower"}
    assert labels(filt, "filter-app:filt") == {"next": "app:normal"}
    inv = graph.load_graph("", "inv", ini=ini)
    assert labels(inv, "app:inv") == {"filter-with": "filter:egg:FakeApp#caps"}
    assert ini.to_json()["errors"] == [
        {
            "section": "pipeline:piped3",
            "error": "a pipeline takes no other settings, found: 'extra_config_option'",
            "line": 26,
        }
    ]
    assert "pipeline:piped" in ini.entries  # the rest of the file still appears


def test_use_chains_foreign_files_set_and_get() -> None:
    ini = read("pastedeploy-test_config.ini")
    test3 = graph.load_graph("", "test3", ini=ini)
    assert labels(test3, "app:test3") == {"use": "app:test2"}
    assert test3.nodes["app:test3"].factory == "test2"
    assert test3.nodes["app:test2"].factory == "egg:FakeApp#configed"
    assert test3.nodes["app:test3"].conf["another"] == "something more\nacross several\nlines"
    foreign = graph.load_graph("", "test_foreign_config", ini=ini)
    target = foreign.nodes["test_config_included.ini#app:main"]
    assert (target.file, target.line, target.factory) == (
        "test_config_included.ini",
        5,
        "fakeapp.configapps:SimpleApp.make_app",
    )
    test_get = graph.load_graph("", "test_get", ini=ini)
    assert test_get.nodes["app:test_get"].conf == {"set def2": "TEST", "def1": "a", "foo": "TEST"}


def test_here_is_written_back(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path, "[app:main]\npaste.app_factory = demo:app\n", "sub/other.ini")
    path = write(
        tmp_path,
        "[composite:main]\nuse = egg:Paste#urlmap\n/ = app\n\n"
        "[app:app]\nuse = config:%(here)s/sub/other.ini\ndata = %(here)s/data\nme = %(__file__)s\n",
    )
    text = json.dumps(graph.read_ini(path).to_json())
    assert str(tmp_path) not in text
    app = graph.load_graph(path, "app")
    assert app.nodes["app:app"].factory == "config:%(here)s/sub/other.ini"
    assert app.nodes["app:app"].conf == {
        "data": "%(here)s/data",
        "me": "%(here)s/api-paste.ini",
    }
    assert labels(app, "app:app") == {"use": "other.ini#app:main"}


def test_other_files_are_named_by_file_name_then_relative_path(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        write(tmp_path, f"[app:main]\npaste.app_factory = {folder}:app\n", f"{folder}/x.ini")
    path = write(
        tmp_path,
        "[composite:main]\nuse = egg:Paste#urlmap\n/a = config:a/x.ini\n/b = config:b/x.ini\n",
    )
    main = graph.load_graph(path, "main")
    assert labels(main, "composite:main") == {"/a": "x.ini#app:main", "/b": "b/x.ini#app:main"}
    assert main.nodes["b/x.ini#app:main"].factory == "b:app"


def test_bare_headers_cannot_be_loaded_by_name() -> None:
    ini = read("pastedeploy-executable.ini")
    assert ini.entries == []
    assert ini.errors == [
        {
            "section": "app",
            "error": "no name: loadapp(name=…) only finds [app:NAME], never [app]",
            "line": 9,
        }
    ]


@pytest.mark.parametrize(
    ("text", "section", "message", "line"),
    [
        (
            "[pipeline:p]\npipeline = nofilter a\n[app:a]\nuse = egg:A#a\n",
            "pipeline:p",
            "'nofilter': no such filter section",
            2,
        ),
        (
            "[app:a]\nuse = egg:A#a\n[pipeline:a]\npipeline = a\n",
            "app:a",
            "ambiguous: [app:a], [pipeline:a]",
            1,
        ),
        ("[app:a]\nuse = b\n[app:b]\nuse = a\n", "app:b", "cycle: app:a → app:b → app:a", 3),
        (
            "[filter-app:f]\nuse = egg:A#f\n",
            "filter-app:f",
            "no `next` setting",
            1,
        ),
        ("[app:a]\nkey = v\n", "app:a", "no factory: needs `use = …`", 1),
        (
            "[app:a]\nuse = egg:A#a\nx = %(nope)s\n",
            "app:a",
            "option 'x': %(nope)s names no option of [app:a] or [DEFAULT]",
            3,
        ),
        ("[app:a]\nuse = egg:A#a\nget x = nope\n", "app:a", "`get x = nope`: no 'nope'", 3),
        (
            "[pipeline:p]\npipeline = call:m:f a\n[app:a]\nuse = egg:A#a\n",
            "pipeline:p",
            "works only as `use = call:…`",
            2,
        ),
        (
            chained_defaults(levels=4, fan=16, leaf="x" * 16)  # v3: exactly 64 KiB, allowed
            + "[app:a]\nuse = egg:A#a\nfits = %(v3)s\nbig = %(v3)s.\n",
            "app:a",
            "option 'big' grows too large through %(name)s interpolation (past 65536 characters)",
            9,
        ),
    ],
)
def test_refused_sections(tmp_path: Path, text: str, section: str, message: str, line: int) -> None:
    ini = graph.read_ini(write(tmp_path, text))
    error = next(error for error in ini.errors if error["section"] == section)
    assert message in error["error"]
    assert error["line"] == line


def test_use_chains_are_followed_as_far_as_paste_deploy_follows_them(tmp_path: Path) -> None:
    """Only the section more than MAX_USE_HOPS hops from its factory is refused, whatever order
    the file lists them in (test_graph_oracle.py shows PasteDeploy stops there too)."""
    longest = graph.read_ini(write(tmp_path, use_chain(MAX_USE_HOPS)))
    assert (longest.entries, longest.errors) == (["app:s0"], [])
    assert labels(longest.graphs[0], "app:s0") == {"use": "app:s1"}
    too_long = use_chain(MAX_USE_HOPS + 1)
    upside_down = "\n\n".join(reversed(too_long.rstrip("\n").split("\n\n"))) + "\n"
    message = (
        f"{MAX_USE_HOPS + 1} `use =` hops to its factory: PasteDeploy follows them by recursion "
        f"and fails past {MAX_USE_HOPS} (RecursionError: maximum recursion depth exceeded)"
    )
    for text in (too_long, upside_down):
        path = write(tmp_path, text)
        ini = graph.read_ini(path)
        line = text.split("\n").index("use = s1") + 1
        assert ini.errors == [{"section": "app:s0", "error": message, "line": line}]
        assert ini.entries == ["app:s0"]
        assert graph.load_graph(path, "s1", ini=ini).nodes["app:s1"].errors == []


def test_a_refused_section_is_marked_in_the_graphs_that_reach_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[composite:main]\nuse = egg:Paste#urlmap\n/ = ok\n/v2 = broken\n\n"
        "[app:ok]\nuse = egg:A#ok\n\n[pipeline:broken]\npipeline = missing ok\n",
    )
    ini = graph.read_ini(path)
    assert ini.entries == ["composite:main"]
    main = ini.graphs[0]
    assert main.nodes["app:ok"].errors == []
    assert main.nodes["pipeline:broken"].errors == ["'missing': no such filter section"]
    assert labels(main, "pipeline:broken") == {"1": "app:ok"}


def test_a_composite_key_read_as_a_setting_says_which_kind_of_section_it_lacks(
    tmp_path: Path,
) -> None:
    """PasteDeploy reads a pipeline_factory key whose last word is a filter as a setting (its
    loader looks for an app); a filter of that name exists, so saying only "names no section"
    sent the reader looking for a section that is there (neutron's `noauth = … catch_errors`
    in a fork of its ini)."""
    path = write(
        tmp_path,
        "[composite:main]\nuse = call:neutron.auth:pipeline_factory\nnoauth = f g\nsingle = f\n"
        "keystone = f a\nplain = 42\n\n[filter:f]\npaste.filter_factory = x:f\n\n"
        "[filter:g]\npaste.filter_factory = x:g\n\n[app:a]\npaste.app_factory = x:a\n",
    )
    main = graph.read_ini(path).nodes["composite:main"]
    assert main.warnings == [
        "api-paste.ini:3: its `noauth` alternative, not followed, would fail if chosen: 'g' "
        "names no app section ([filter:g] is a filter: a key's last word must name an app, a "
        "pipeline or a composite)",
        "api-paste.ini:4: its `single` alternative, not followed, would fail if chosen: 'f' "
        "names no app section ([filter:f] is a filter: a key's last word must name an app, a "
        "pipeline or a composite)",
    ]
    assert main.conf == {"noauth": "f g", "single": "f", "plain": "42"}


def test_a_pipeline_naming_a_section_of_the_other_kind_says_so(tmp_path: Path) -> None:
    """PasteDeploy's "no such app … section" beside a `[filter:add_header]` that is there read
    as a contradiction: a pipeline ending in a filter is a mistake a middleware developer makes."""
    path = write(
        tmp_path,
        "[pipeline:main]\npipeline = upper add_header\n\n[filter:upper]\nuse = egg:A#u\n\n"
        "[filter:add_header]\nuse = egg:A#h\n\n[pipeline:two]\npipeline = hello upper app\n\n"
        "[app:hello]\nuse = egg:A#a\n\n[app:app]\nuse = egg:A#a\n",
    )
    ini = graph.read_ini(path)
    assert [(e["section"], e["error"]) for e in ini.errors] == [
        ("pipeline:main", "'add_header': no such app, composite, pipeline or filter-app section "
         "([filter:add_header] is a filter: a pipeline's last word must name an app, a "
         "pipeline or a composite)"),
        ("pipeline:two", "'hello': no such filter section ([app:hello] is not a filter: only a "
         "pipeline's last word names an app)"),
    ]


def test_an_upload_never_reads_other_files(tmp_path: Path, monkeypatch) -> None:
    text = (INI_DATA / "pastedeploy-test_config.ini").read_text()

    def no_disk(*args, **kwargs):
        raise AssertionError(f"opened {args[0]!r}")

    monkeypatch.setattr(builtins, "open", no_disk)
    ini = graph.read_ini_text(text, "pastedeploy-test_config.ini")
    foreign = graph.load_graph("upload", "test_foreign_config", ini=ini)
    node = foreign.nodes["app:test_foreign_config"]
    assert node.factory == "config:test_config_included.ini"
    assert node.warnings == [
        "pastedeploy-test_config.ini:24: config:test_config_included.ini: not followed"
        " (an uploaded file cannot refer to other files)"
    ]
    assert foreign.edges == []
    assert ini.to_json()["file"] == "pastedeploy-test_config.ini"


def test_load_graph_by_name_or_id_and_unknown_names() -> None:
    path = str(NOVA)
    assert graph.load_graph(path, "composite:ec2").entry == "composite:ec2"
    assert graph.load_graph(path, "filter:faultwrap").nodes["filter:faultwrap"].kind == "filter"
    with pytest.raises(graph.IniError) as raised:
        graph.load_graph(path, "nope")
    assert (
        str(raised.value)
        == f"{path}: no app, composite, pipeline or filter-app section named 'nope' (entries: "
        "metadata, ec2, osapi_compute; any such section may be named too)"
    )

    with pytest.raises(graph.IniError) as raised:  # which and serve: a filter only wraps an app
        graph.pick_entry(path, "faultwrap")
    assert str(raised.value) == (
        f"{path}:89: [filter:faultwrap] is a filter: it needs an app to wrap, so it cannot be "
        "served or asked about alone; name an app, composite, pipeline or filter-app section "
        "(entries: metadata, ec2, osapi_compute)"
    )
    assert graph.pick_entry(path, "openstack_compute_api_v21") == "openstack_compute_api_v21"


def test_a_header_missing_its_bracket_is_a_warning_on_the_section_it_falls_into(
    tmp_path: Path,
) -> None:
    ini = graph.read_ini(write(tmp_path, "[app:x]\nuse = egg:A#a\n[pipeline:p\npipeline = x\n"))
    assert ini.entries == ["app:x"]
    assert ini.nodes["app:x"].warnings == [
        "api-paste.ini:3: '[pipeline:p' looks like a section header missing its `]`: "
        "PasteDeploy reads it, and the lines after it up to the next [section], as settings "
        "of [app:x]"
    ]


@pytest.mark.parametrize("header", [" app:main ", "app : main", " app:main"])
def test_spaces_around_the_kind_hide_a_section_from_pastedeploy(
    tmp_path: Path, header: str
) -> None:
    """PasteDeploy strips the name after `:`, never the kind before it: `[app: main]` loads,
    `[ app:main ]` and `[app : main]` are found by no name at all."""
    text = f"[{header}]\nuse = egg:A#a\n[app: other]\nuse = egg:A#b\n"
    ini = graph.read_ini(write(tmp_path, text))
    assert ini.entries == ["app:other"]
    assert ini.errors == [{
        "section": header,
        "error": "spaces around 'app', which PasteDeploy does not strip: no name loads this "
        "section (write [app:main])",
        "line": 1,
    }]


def test_a_cycle_with_nothing_outside_it_is_drawn_from_its_first_section(tmp_path: Path) -> None:
    """Each section of a cycle is reached by the other, so none is unreached; the first stands
    for them, with its refusal, rather than the file seeming to hold nothing to load."""
    ini = graph.read_ini(write(tmp_path, "[app:a]\nuse = b\n\n[app:b]\nuse = a\n"))
    assert ini.entries == ["app:a"]
    assert list(ini.graphs[0].nodes) == ["app:a", "app:b"]
    assert ini.nodes["app:b"].errors == ["cycle: app:a → app:b → app:a"]
    reached = graph.read_ini(write(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = a\n"
                                   "[app:a]\nuse = b\n[app:b]\nuse = a\n", "reached.ini"))
    assert reached.entries == ["composite:main"]


def test_a_config_reference_naming_no_file_says_so(tmp_path: Path) -> None:
    ini = graph.read_ini(write(tmp_path, "[app:main]\nuse = config:#b\n"))
    assert ini.errors == [{
        "section": "app:main",
        "error": "config:#b names no file (config:FILE#SECTION)",
        "line": 2,
    }]


def test_what_other_code_imports_from_stack_graph_is_there() -> None:
    for name in (
        "IniError", "Node", "Edge", "PipelineGraph", "IniFile", "node_id", "section_kind",
        "read_ini", "read_ini_text", "load_graph", "prefix_label", "urlmap_label", "APP_KINDS",
    ):
        assert name in graph.__all__ and getattr(graph, name) is not None, name


def test_secret_settings_never_leave_in_the_graph() -> None:
    """cinder's osprofiler `hmac_keys` and swift's keymaster root secret, via the real CLI."""
    def inspect(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "stack", "inspect", *args, "--json"],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
        )
        return done.stdout

    cinder = inspect(str(CINDER))
    assert "SECRET_KEY" not in cinder
    osprofiler = next(
        node for one in json.loads(cinder)["graphs"] for node in one["nodes"]
        if node["id"] == "filter:osprofiler"
    )
    assert osprofiler["conf"] == {"hmac_keys": "***", "enabled": "yes"}
    swift = inspect(str(SWIFT), "--name", "filter:keymaster")
    assert "changeme" not in swift
    assert json.loads(swift)["nodes"][0]["conf"] == {"encryption_root_secret": "***"}
    upload = graph.read_ini_text(CINDER.read_text(), "cinder.ini")
    assert "SECRET_KEY" not in json.dumps(upload.to_json())
