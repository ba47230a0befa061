""""What would this URL hit?" on an uploaded `[app:main]` PasteDeploy builds as a composite
(`use = egg:Paste#urlmap` or `#cascade`): the diagram marks the one edge it took, as for a
`[composite:…]`, where two of its prefixes or keys lead to the same section."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.upload_page import upload
from tests.browser.which_form import ask

#: Two prefixes to one app: only the one the request matched was taken.
URLMAP_APP = """\
[app:main]
use = egg:Paste#urlmap
/v1 = api
/v2 = api

[app:api]
use = egg:Api#app
"""
#: Two keys to one app: only the one followed (the first asked, or the one chosen) was taken.
CASCADE_APP = """\
[app:main]
use = egg:Paste#cascade
app1 = api
app2 = api

[app:api]
use = egg:Api#app
"""
TAKEN = re.compile(r"\bwhich-edge\b")
DIM = re.compile(r"\bwhich-dim\b")


def edge(page, label: str):
    return page.locator('#diagram .edge[data-source="app:main"][data-target="app:api"]'
                        f'[data-label="{label}"]')


def open_upload(page, dashboard, text: str) -> None:
    upload(page, dashboard, "api-paste.ini", text.encode())
    expect(page.locator('#diagram .node[data-node="app:main"]')).to_have_attribute(
        "data-built-as", "composite")


def test_the_prefix_an_app_built_as_a_urlmap_picked_is_the_edge_drawn(page, dashboard):
    open_upload(page, dashboard, URLMAP_APP)
    ask(page, "GET", "/v2/servers")
    expect(page.locator(".which-hops li").last).to_contain_text("via /v2")
    expect(edge(page, "/v2")).to_have_class(TAKEN)
    expect(edge(page, "/v1")).to_have_class(DIM)
    expect(edge(page, "/v1")).not_to_have_class(TAKEN)


def test_the_key_chosen_of_an_app_built_as_a_cascade_is_the_edge_drawn(page, dashboard):
    open_upload(page, dashboard, CASCADE_APP)
    ask(page, "GET", "/")
    expect(edge(page, "app1")).to_have_class(TAKEN)
    expect(edge(page, "app2")).not_to_have_class(TAKEN)

    page.select_option('.which select[name="choose"]', "app:main=app2")
    expect(page.locator("#diagram svg")).to_have_attribute("data-which-drawn",
                                                          "GET / app:main=app2")
    expect(page.locator('.which-choice[data-which-composite="app:main"] .muted')).to_have_text(
        "as chosen")
    expect(edge(page, "app2")).to_have_class(TAKEN)
    expect(edge(page, "app1")).to_have_class(DIM)
    expect(edge(page, "app1")).not_to_have_class(TAKEN)
    # The choice is in the page's address: reloaded, the page draws it again.
    page.reload()
    expect(page.locator("#diagram svg")).to_have_attribute("data-which-drawn",
                                                          "GET / app:main=app2")
    expect(edge(page, "app2")).to_have_class(TAKEN)
    expect(edge(page, "app1")).not_to_have_class(TAKEN)
