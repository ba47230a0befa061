"""Rules of `stack.graph`, one small example each (the oracle test checks whole files)."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest

from stack import graph

DATA = Path(__file__).parents[1] / "data" / "ini"


def read(name: str) -> graph.IniFile:
    return graph.read_ini(str(DATA / name))


def write(tmp_path: Path, text: str, name: str = "api-paste.ini") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def labels(pipeline_graph: graph.PipelineGraph, node_id: str) -> dict[str, str]:
    return {edge.label: edge.target for edge in pipeline_graph.edges_from(node_id)}


def test_section_kinds_and_ids() -> None:
    assert graph.section_kind("application") == "app"
    assert graph.section_kind("composit") == "composite"
    for kind in ("app", "filter", "pipeline", "composite", "filter-app"):
        assert graph.section_kind(kind) == kind
    with pytest.raises(ValueError):
        graph.section_kind("server")
    assert graph.node_id("composite", "x") == "composite:x"
    assert graph.node_id("app", "x", "other.ini") == "other.ini#app:x"


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("/", "/"),
        ("/v2/", "/v2"),
        ("//v3//", "/v3"),
        ("domain d port p /x", "http://d:p/x"),
        ("domain api.example.com /", "http://api.example.com/"),
    ],
)
def test_urlmap_prefixes_are_normalised_as_paste_does(key: str, label: str) -> None:
    assert graph.prefix_label(key) == label


def test_a_key_that_is_no_prefix_is_refused() -> None:
    with pytest.raises(ValueError, match="not a URL prefix"):
        graph.prefix_label("port 80 /x")


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
    glance = graph.load_graph(str(DATA / "glance-glance-api-paste.ini"), "glance-api")
    assert labels(glance, "composite:rootapp") == {
        "/": "app:apiversions",
        "/v1": "app:apiv1app",
        "/v2": "app:apiv2app",
    }
    assert glance.nodes["composite:rootapp"].factory == "glance.api:root_app_factory"
    cinder = graph.load_graph(str(DATA / "cinder-api-paste.ini"), "osapi_volume")
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
            "error": "a pipeline takes no other settings, found: extra_config_option",
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
            "[filter-app:f] has no `next` setting",
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
    ],
)
def test_refused_sections(tmp_path: Path, text: str, section: str, message: str, line: int) -> None:
    ini = graph.read_ini(write(tmp_path, text))
    error = next(error for error in ini.errors if error["section"] == section)
    assert message in error["error"]
    assert error["line"] == line


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


def test_an_upload_never_reads_other_files(tmp_path: Path, monkeypatch) -> None:
    text = (DATA / "pastedeploy-test_config.ini").read_text()

    def no_disk(*args, **kwargs):
        raise AssertionError(f"opened {args[0]!r}")

    monkeypatch.setattr(builtins, "open", no_disk)
    ini = graph.read_ini_text(text, "pastedeploy-test_config.ini")
    foreign = graph.load_graph("upload", "test_foreign_config", ini=ini)
    node = foreign.nodes["app:test_foreign_config"]
    assert node.factory == "config:test_config_included.ini"
    assert node.warnings == [
        "config:test_config_included.ini: not followed"
        " (an uploaded file cannot refer to other files)"
    ]
    assert foreign.edges == []
    assert ini.to_json()["file"] == "pastedeploy-test_config.ini"


def test_json_shapes_follow_the_contract() -> None:
    ini = read("aodh-api-paste.ini")
    data = ini.to_json()
    assert list(data) == ["file", "entries", "graphs", "errors"]
    assert data["file"] == "aodh-api-paste.ini"
    assert data["entries"] == ["composite:aodh+noauth", "composite:aodh+keystone"]
    first = data["graphs"][0]
    assert list(first) == ["entry", "nodes", "edges"]
    assert first["nodes"][0] == {
        "id": "composite:aodh+noauth",
        "kind": "composite",
        "name": "aodh+noauth",
        "factory": "egg:Paste#urlmap",
        "file": "aodh-api-paste.ini",
        "line": 1,
        "conf": {},
        "warnings": [],
        "errors": [],
    }
    assert {
        "source": "composite:aodh+noauth",
        "target": "app:healthcheck",
        "label": "/healthcheck",
    } in first["edges"]
    json.dumps(data)  # plain JSON


def test_load_graph_by_name_or_id_and_unknown_names() -> None:
    path = str(DATA / "nova-api-paste.ini")
    assert graph.load_graph(path, "composite:ec2").entry == "composite:ec2"
    assert graph.load_graph(path, "filter:faultwrap").nodes["filter:faultwrap"].kind == "filter"
    with pytest.raises(graph.IniError) as raised:
        graph.load_graph(path, "nope")
    assert (
        str(raised.value)
        == f"{path}: no app section named 'nope' (entries: metadata, ec2, osapi_compute)"
    )


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"key = 1\n[app:a]\n", 1, "text before the first [section]"),
        (b"[app:a]\nuse = egg:A#a\n\n[app:a]\n", 4, "section [app:a] is defined twice"),
        (b"[app:a]\nuse = egg:A#a\nuse = egg:B#b\n", 3, "option 'use' is set twice in [app:a]"),
        (b"[app:a]\nuse = egg:A#a\njust words\n", 3, "expected `name = value`"),
        (
            b"[DEFAULT]\nx = %(y)s\n[app:a]\nuse = egg:A#a\n",
            2,
            "option 'x': %(y)s names no option of [DEFAULT]",
        ),
        (b"[app:a]\nuse = egg:A#a\nname = caf\xe9\n", 3, "not UTF-8 text"),
        (b"\xef\xbb\xbf[app:a]\nuse = egg:A#a\n", 1, "byte-order mark"),
    ],
)
def test_files_that_cannot_be_read(tmp_path: Path, content: bytes, line: int, message: str) -> None:
    path = tmp_path / "bad.ini"
    path.write_bytes(content)
    with pytest.raises(graph.IniError) as raised:
        graph.read_ini(str(path))
    assert (raised.value.file, raised.value.line) == (str(path), line)
    assert message in raised.value.message
    assert str(raised.value) == f"{path}:{line}: {raised.value.message}"


def test_missing_files_and_folders(tmp_path: Path) -> None:
    with pytest.raises(graph.IniError, match=r": no such file$"):
        graph.read_ini(str(tmp_path / "absent.ini"))
    with pytest.raises(graph.IniError) as raised:
        graph.read_ini(str(tmp_path))
    assert str(raised.value) == f"{tmp_path}: not a regular file"
