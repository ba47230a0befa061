"""The Ask form of a running stack whose `pipeline_factory` is in a file a `config:` reference
leads to under a `set auth_strategy`: PasteDeploy skips the composite's own `auth_strategy`
there and builds `keystone`. The form's list preselected the key the setting names as written
as the one followed when none is chosen, and sent it as no choice: choosing `noauth2` answered
with `keystone`'s pipeline. And the announcement of such a graph, whose own `auth_strategy`
names no key but which loads, was refused."""

from __future__ import annotations

from tests.dashboard.servers import HTMX
from tests.dashboard.which_queries import announce_graph
from tests.dashboard.which_queries import ask
from tests.stack.referred_strategy import API
from tests.stack.referred_strategy import answered
from tests.stack.referred_strategy import referred


def test_the_form_sends_the_key_pastedeploy_builds_as_no_choice(dashboard, tmp_path):
    ini = referred(tmp_path, "noauth2 = open\nkeystone = guarded\n", ["open", "guarded"])
    assert answered(ini) == "guarded"
    announce_graph(dashboard, "referred-strategy", ini)
    status, _, html = ask(dashboard, ("stack", "referred-strategy"), ("path", "/x"),
                          headers=HTMX)
    assert status == 200
    assert '<option value="" selected>keystone</option>' in html
    assert f'<option value="{API}=noauth2" >noauth2</option>' in html
    status, _, answer = ask(dashboard, ("stack", "referred-strategy"), ("path", "/x"),
                            ("choose", f"{API}=noauth2"))
    assert status == 200, answer
    assert answer["hops"][-1]["node"] == "other.ini#app:open"
    assert answer["defaults"] == {API: "keystone"}


def test_the_form_of_a_stack_that_would_not_load_offers_the_others(dashboard, tmp_path):
    """Under the `set`, other.ini's composite builds `keystone`, which it does not offer: the
    form offers `noauth2`, as a choice to send."""
    announce_graph(dashboard, "referred-unloadable",
                   referred(tmp_path, "noauth2 = open\n", ["open"]))
    status, _, html = ask(dashboard, ("stack", "referred-unloadable"), ("path", "/x"),
                          headers=HTMX)
    assert status == 200
    assert '<option value="" selected>keystone</option>' in html
    assert f'<option value="{API}=noauth2" >noauth2</option>' in html


def test_a_stack_whose_skipped_strategy_named_no_key_is_heard_and_answered(dashboard, tmp_path):
    """`auth_strategy = noauth2` names no key, but PasteDeploy skips it under the `set` and
    builds `keystone`: the announcement was refused (its `noauth2` named by no edge)."""
    ini = referred(tmp_path, "keystone = guarded\n", ["guarded"])
    assert answered(ini) == "guarded"
    announce_graph(dashboard, "referred-no-key", ini)
    status, _, answer = ask(dashboard, ("stack", "referred-no-key"), ("path", "/x"))
    assert status == 200, answer
    assert answer["stopped"] is None
    assert answer["hops"][-1]["node"] == "other.ini#app:guarded"
