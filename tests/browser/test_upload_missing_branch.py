"""An uploaded file whose composite has branches PasteDeploy would not build, in headless
Chromium: each branch is there on the diagram, at the end of its labelled edge, as a hole that
says what is missing and why."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.upload_page import upload
from tests.dashboard.refused_inis import CINDER_MISSPELT_ALL
from tests.dashboard.refused_inis import CINDER_MISSPELT_V2
from tests.dashboard.refused_inis import URLMAP
from tests.stack.refused_alternatives import REFUSED_WORDS


def test_a_urlmap_branch_to_a_misspelt_kind_is_drawn_as_a_hole_on_its_edge(page, dashboard):
    upload(page, dashboard, "a.ini", URLMAP)
    hole = page.locator('#diagram .hole[data-of="composite:main"][data-label="/"]')
    expect(hole).to_be_visible()
    expect(hole.locator("text")).to_have_text(["MISSING APP", "apiversions",
                                               "is a pipline (line 8)"])
    expect(page.locator('#diagram .hole[data-label="/v2"] text.reason')).to_have_text(
        "no such section (line 5)")
    edge = page.locator('#diagram .edge[data-source="composite:main"][data-label="/"]')
    expect(edge.locator("text.label")).to_have_text("/")
    # What a screen reader says of the edge: where it goes in words, not the hole's made-up id.
    expect(edge).to_have_accessible_name("composite:main → missing app apiversions (/)")


def test_a_broken_alternative_is_drawn_with_the_hole_where_it_breaks(page, dashboard):
    upload(page, dashboard, "cinder.ini", CINDER_MISSPELT_V2)
    lane = "pipeline:openstack_volume_api_v2[keystone]"
    expect(page.locator(f'#diagram .node.lane[data-node="{lane}"] text.name')).to_have_text(
        "openstack_volume_api_v2[keystone]")
    hole = page.locator(f'#diagram .hole[data-in="{lane}"][data-pos="5"]')
    expect(hole).to_be_visible()
    expect(hole.locator("text")).to_have_text(["MISSING FILTER", "authtokn", "no such section"])


def test_a_member_only_broken_alternatives_name_shows_its_factory(page, dashboard):
    upload(page, dashboard, "cinder.ini", CINDER_MISSPELT_ALL)
    lane = "pipeline:openstack_volume_api_v2[keystone]"
    box = page.locator(f'#diagram .node[data-in="{lane}"][data-node="filter:keystonecontext"]')
    expect(box.locator("text.factory")).to_have_text("CinderKeystoneContext")
    expect(box).to_have_accessible_name("filter keystonecontext (CinderKeystoneContext), in "
                                        "pipeline openstack_volume_api_v2[keystone]")


def test_an_alternative_s_word_refused_as_it_loads_is_drawn_as_a_hole(page, dashboard):
    upload(page, dashboard, "refused.ini", REFUSED_WORDS.encode())
    lane = "pipeline:main[keystone]"
    hole = page.locator(f'#diagram .hole[data-in="{lane}"][data-pos="2"]')
    expect(hole).to_be_visible()
    expect(hole.locator("text")).to_have_text(["MISSING FILTER", "twice", "refused"])
    expect(hole).to_have_accessible_name("missing filter twice: refused, in pipeline "
                                         "main[keystone]")
    expect(page.locator(f'#diagram .hole[data-in="{lane}"][data-pos="1"] text.name')
           ).to_have_text("egg:Paste#nonesuch")
