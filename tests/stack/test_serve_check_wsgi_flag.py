"""`serve --check-wsgi` as a flag: refused without a trace to say its warnings on, and without
it no layer is wrapped (what it finds on each layer is test_serve_check_wsgi's)."""

from __future__ import annotations

from stack import loader
from tests.conftest import DEMO
from tests.conftest import run_cli


def test_checking_with_tracing_off_is_refused(tmp_path):
    ini = tmp_path / "api-paste.ini"
    ini.write_text("[app:main]\nuse = call:tests.stack.body_apps:make_generator_app\n")
    done = run_cli("serve", str(ini), "--trace-to", "off", "--check-wsgi", "--port", "0")
    assert done.returncode == 2
    assert done.stderr == ("python -m stack serve: --check-wsgi says what it finds on the "
                           "requests' traces: give a --trace-to other than off\n")


def test_without_the_flag_no_layer_is_wrapped(monkeypatch):
    wrapped, passing_down = [], []
    monkeypatch.setattr(loader, "checked", lambda app, node: wrapped.append(node) or app)
    monkeypatch.setattr(loader, "passed_down",
                        lambda app, node: passing_down.append(node) or app)
    ini = str(DEMO / "compute.ini")
    loader.load_stack(ini, "osapi_compute", lambda trace: None)
    assert wrapped == passing_down == []
    loader.load_stack(ini, "osapi_compute", lambda trace: None, check_wsgi=True)
    # Pipelines and the pipeline_factory composite are their first layer: checked as it.
    assert set(wrapped) == {"composite:osapi_compute", "filter:request_id", "filter:faultwrap",
                            "filter:sizelimit", "filter:authtoken", "app:compute_app",
                            "app:versionsapp"}
    # The urlmap passes down to its two branches; the pipeline_factory composite to none, as
    # it hands compute_app to its last filter.
    assert sorted(passing_down) == ["composite:osapi_compute", "composite:osapi_compute",
                                    "filter:authtoken", "filter:faultwrap", "filter:faultwrap",
                                    "filter:request_id", "filter:sizelimit"]
