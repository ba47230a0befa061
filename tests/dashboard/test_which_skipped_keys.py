"""The Ask form (/api/which) of a running stack whose `pipeline_factory` is in a file a
`config:` reference leads to under a `set` of one of its keys: PasteDeploy skips that key
there, so the composite is never handed that pipeline (`stack.resolve_loading.skipped_keys`).
The answer said the request reaches the skipped key's app, and the form offered it."""

from __future__ import annotations

from tests.dashboard.servers import HTMX
from tests.dashboard.which_queries import announce_graph
from tests.dashboard.which_queries import ask
from tests.stack.referred_strategy import API
from tests.stack.referred_strategy import main_ini


def test_the_answer_says_the_key_its_strategy_picks_is_skipped(dashboard, tmp_path):
    announce_graph(dashboard, "skipped-key", main_ini(tmp_path, "noauth2"))
    status, _, answer = ask(dashboard, ("stack", "skipped-key"), ("path", "/x"))
    assert status == 200, answer
    assert answer["stopped"]["node"] == API
    assert answer["stopped"]["status"] is None
    assert "a key PasteDeploy skips there, as it loads its file under a global_conf holding " \
           "`noauth2`" in answer["stopped"]["reason"]


def test_the_form_offers_no_key_skipped_on_the_way(dashboard, tmp_path):
    announce_graph(dashboard, "skipped-other", main_ini(tmp_path, "keystone"))
    status, _, html = ask(dashboard, ("stack", "skipped-other"), ("path", "/x"), headers=HTMX)
    assert status == 200
    assert "<li>PasteDeploy skips its key <code>keystone</code>" in html
    assert '<option value="" selected>noauth2</option>' in html
    assert f'value="{API}=keystone"' not in html
