"""The diagram for someone who cannot see its colours, or cannot see it at all, or asks for less
motion, in headless Chromium against a real dashboard and the real compute demo stack.

A screen reader finds each box by name, with what a replay did there; a lit box shows its
status as a number, not only as a colour; every word on the diagram is readable (WCAG AA,
4.5:1), dimmed or not, in projector mode too; with prefers-reduced-motion a request arriving is
shown as it ended at once, and Replay plays it on demand.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.colours import AA_TEXT
from tests.browser.colours import contrast
from tests.browser.colours import over
from tests.browser.colours import rgba
from tests.browser.live_page import open_live
from tests.browser.live_page import send_preset
from tests.browser.live_page import wait_played
from tests.browser.screens import DESKTOP
from tests.browser.steps_page import last_step
from tests.browser.which_form import ask
from tests.conftest import raw_request
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import announced
from tests.stack.app_inis import ref

KEYSTONE_V21 = "pipeline:openstack_compute_api_v21[keystone]"
NO_TOKEN = "GET /v2.1/servers — list servers, no token (401)"

#: Every word drawn on a diagram: its name, its fill and opacity (the product of its own and
#: its groups'), and what it is drawn on: its box's (or lane's, or the ↩ badge's) fill and
#: opacity, or the white of the diagram (an edge's label has a white halo); a badge's number
#: (↩, Which's hop numbers) is drawn on its circle.
DIAGRAM_TEXTS = """(svg) => {
  const opacity = (e) => {
    let o = 1;
    for (; e && e !== svg; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
    return o;
  };
  const shown = [];
  for (const text of svg.querySelectorAll('text')) {
    if (!text.textContent.trim() || !text.getClientRects().length) continue;
    const group = text.closest('.node');
    const shape = text.closest('.marker, .which-badge') ? text.parentElement.querySelector('circle')
      : group && group.querySelector(':scope > .box, :scope > .frame');
    shown.push({
      name: (group ? group.dataset.node : 'edge ' + text.closest('.edge').dataset.edge)
        + ' .' + text.getAttribute('class') + ' "' + text.textContent.trim() + '"',
      glyph: ['problem', 'marker-glyph'].includes(text.getAttribute('class')),
      fill: getComputedStyle(text).fill, opacity: opacity(text),
      under: shape ? [getComputedStyle(shape).fill, opacity(shape)] : null,
    });
  }
  return shown;
}"""


def in_keystone(page: Page, node: str):
    """The Live diagram's box of `node` in the keystone lane of /v2.1."""
    return page.locator(f'#diagram .node[data-node="{node}"][data-in="{KEYSTONE_V21}"]')


def unreadable_words(page: Page, svg: str) -> list[str]:
    """The diagram's words under 4.5:1 on what they are drawn on (its glyphs, ⚠ and ↩, under
    WCAG's 3:1 for graphics)."""
    white = (255.0, 255.0, 255.0)
    short = []
    for shown in page.eval_on_selector(svg, DIAGRAM_TEXTS):
        background = white
        if shown["under"]:
            fill, opacity = shown["under"]
            *rgb, alpha = rgba(fill)
            background = over((*rgb, alpha * opacity), white)
        *rgb, alpha = rgba(shown["fill"])
        ratio = contrast(over((*rgb, alpha * shown["opacity"]), background), background)
        if ratio < (3 if shown["glyph"] else AA_TEXT):
            short.append(f"{shown['name']}: {ratio:.2f}:1")
    return short


def chromium_names(page: Page) -> dict[str, str]:
    """Every name in Chromium's own accessibility tree, with its role, as a screen reader gets
    them (an svg drawn as one image keeps its boxes out of it)."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    return {node["name"]["value"]: node["role"]["value"] for node in nodes
            if not node.get("ignored") and node.get("name", {}).get("value")}


def chromium_reading(page: Page) -> list[str]:
    """The pictures of the page's diagram in the order a screen reader reads them: the children
    of its group in Chromium's own accessibility tree (which follows `aria-owns`), each named
    without what a replay added (": answered 401")."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    by_id = {node["nodeId"]: node for node in nodes}
    [group] = [node for node in nodes if node["role"]["value"] == "group"
               and node.get("name", {}).get("value", "").startswith("Pipeline graph of ")]

    def read(node: dict) -> list[str]:
        names = []
        for child in (by_id[i] for i in node.get("childIds", [])):
            if child.get("ignored"):
                names += read(child)
            else:
                names.append(child["name"]["value"].split(": ")[0])
        return names
    return read(group)


def test_a_screen_reader_reads_the_diagram_the_way_a_request_goes(page, dashboard, stack):
    open_live(page, dashboard.url)
    read = chromium_reading(page)
    # The entry first, each branch after the edge leading to it, a lane's boxes after its name.
    assert read[:7] == [
        "composite osapi_compute (egg:Paste#urlmap)",
        "composite:osapi_compute → pipeline:computeversions (/)",
        "pipeline computeversions",
        "filter faultwrap (FaultWrapper), in pipeline computeversions",
        "app versionsapp (Versions), in pipeline computeversions",
        "composite:osapi_compute → composite:openstack_compute_api_v21 (/v2.1)",
        "composite openstack_compute_api_v21 (wsgi:pipeline_factory)",
    ], read
    # The app both lanes lead to, after the edges that lead to it, last.
    keystone = "pipeline openstack_compute_api_v21[keystone]"
    assert read[read.index(keystone) + 1:] == [
        f"filter request_id (RequestId), in {keystone}",
        f"filter faultwrap (FaultWrapper), in {keystone}",
        f"filter sizelimit (RequestBodySizeLimiter), in {keystone}",
        f"filter authtoken (TokenAuth), in {keystone}",
        "pipeline:openstack_compute_api_v21[noauth] → app:compute_app (4)",
        "pipeline:openstack_compute_api_v21[keystone] → app:compute_app (4)",
        "app compute_app (APIRouter)",
    ], read
    # Every picture once, none left out.
    assert sorted(read) == sorted(n.split(": ")[0] for n in page.locator("#diagram svg").evaluate(
        "(svg) => Array.from(svg.querySelectorAll('[role=img], a'), (e) => e.ariaLabel)"))


def test_a_screen_reader_reads_each_box_and_what_the_request_did_there(page, dashboard, stack):
    open_live(page, dashboard.url)
    diagram = page.get_by_role("group", name="Pipeline graph of composite:osapi_compute")
    expect(diagram).to_be_visible()
    named = diagram.get_by_role("img", name=re.compile(
        r"^filter authtoken \(TokenAuth\), in pipeline "
        + re.escape("openstack_compute_api_v21[keystone]") + "$"))
    expect(named).to_have_count(1)
    authtoken = in_keystone(page, "filter:authtoken")
    tree = chromium_names(page)
    assert tree.get(authtoken.get_attribute("aria-label")) == "image", tree
    assert "composite:osapi_compute → composite:openstack_compute_api_v21 (/v2.1)" in tree

    trace = send_preset(page, NO_TOKEN)
    wait_played(page, trace)
    expect(authtoken).to_have_attribute("aria-label", re.compile(r": answered 401$"))
    faultwrap = in_keystone(page, "filter:faultwrap")
    expect(faultwrap).to_have_attribute("aria-label", re.compile(r"\]: returned 401$"))
    expect(page.locator('#diagram .node[data-node="app:compute_app"]')) \
        .to_have_attribute("aria-label", re.compile(r": not reached$"))
    assert chromium_names(page).get(authtoken.get_attribute("aria-label")) == "image"


def test_a_lit_box_shows_its_status_as_a_number_not_only_as_a_colour(page, dashboard, stack):
    open_live(page, dashboard.url)
    wait_played(page, send_preset(page, NO_TOKEN))
    authtoken = in_keystone(page, "filter:authtoken")
    expect(authtoken).to_have_class(re.compile(r"\bstatus-4xx\b"))
    expect(authtoken.locator("[data-code]")).to_have_text("401")
    expect(authtoken.locator("[data-code]")).to_be_visible()
    # The number and the hop's time share the box's top line without overlapping.
    code, timing = (authtoken.locator(s).bounding_box() for s in ("[data-code]", "[data-timing]"))
    assert code["x"] + code["width"] <= timing["x"], (code, timing)

    # A 5xx in the step view, which shows no timings: the number says it.
    dashboard.post("/api/stacks", announcement("sample-a11y"))
    assert dashboard.post("/api/events", trace_events("a11y-500", stack="sample-a11y",
                                                      status=500))[0] == 202
    last_step(page, f"{dashboard.url}/requests/a11y-500/steps")
    router = page.locator('.stepper .node[data-node="app:router"]')
    expect(router).to_have_class(re.compile(r"\bstatus-5xx\b"))
    expect(router.locator("[data-code]")).to_have_text("500")
    expect(router).to_have_attribute("aria-label", re.compile(r": returned 500$"))


def test_every_word_on_the_diagram_is_readable_dimmed_or_not(page, dashboard, stack):
    open_live(page, dashboard.url)
    assert unreadable_words(page, "#diagram svg") == []  # at rest
    wait_played(page, send_preset(page, NO_TOKEN))
    expect(page.locator("#diagram .node.dim").first).to_be_attached()
    assert unreadable_words(page, "#diagram svg") == []  # most boxes dimmed, a few lit

    trace = page.locator("#player").get_attribute("data-trace")
    for projector in ("0", "1"):
        page.goto(f"{dashboard.url}/requests/{trace}/steps?projector={projector}")
        expect(page.locator(".stepper .node.dim").first).to_be_attached()  # the first step
        assert unreadable_words(page, ".stepper svg") == [], f"projector={projector}"
        page.locator(".stepper").focus()
        page.keyboard.press("End")
        expect(page.locator(".stepper")).not_to_have_attribute("data-index", "0")
        assert unreadable_words(page, ".stepper svg") == [], f"projector={projector}"
    open_live(page, dashboard.url)  # projector mode stays on in the tab
    ask(page, "GET", "/v2.1/servers")  # Which greys what is off its path
    expect(page.locator("#diagram .node.which-dim").first).to_be_attached()
    assert unreadable_words(page, "#diagram svg") == []
    open_live(page, dashboard.url)
    expect(page.locator("body")).to_have_class(re.compile(r"\bprojector\b"))
    wait_played(page, send_preset(page, NO_TOKEN))
    assert unreadable_words(page, "#diagram svg") == []


def test_with_less_motion_a_request_is_shown_as_it_ended_and_replayed_on_demand(browser, dashboard,
                                                                                   stack):
    with opened_page(browser, viewport=DESKTOP,
                     reduced_motion="reduce") as page:
        # At a quarter speed a replay takes half a minute: here it is over at once.
        open_live(page, dashboard.url, speed="0.25")
        send_preset(page, NO_TOKEN)
        expect(page.locator("#player")).to_have_attribute("data-state", "done", timeout=3_000)
        authtoken = in_keystone(page, "filter:authtoken")
        expect(authtoken).to_have_class(re.compile(r"\bstatus-4xx\b"))
        expect(authtoken.locator("[data-code]")).to_have_text("401")
        expect(page.locator("#now-playing")).to_contain_text("→ 401")

        page.click("#replay")
        expect(page.locator("#player")).to_have_attribute("data-state", "playing")
        expect(page.locator("#diagram .node.active")).to_have_count(1)


def test_a_layer_no_start_response_was_called_for_is_drawn_with_no_status_not_raised(
        page: Page, dashboard, tmp_path):
    """It raised nothing: the server found no status to send its body with."""
    ini = tmp_path / "unstarted.ini"
    ini.write_text(f"[composite:main]\nuse = egg:Paste#urlmap\n/ = app\n\n"
                   f"[app:app]\nuse = call:{ref('make_unstarted_app')}\n")
    with announced(dashboard, "main", str(ini)) as stack:
        page.goto(f"{dashboard.url}/?stack=main")
        expect(page.locator("#live")).to_have_attribute("data-stack", "main")
        page.select_option("#speed", "16")
        _, headers, _ = raw_request(stack.url, "/")
        trace = dict(headers)["X-Pastescope-Trace"]
        wait_played(page, trace)
        box = page.locator('#diagram .node[data-node="app:app"]')
        expect(box).to_have_attribute("data-outcome", "no status")
        expect(box).to_have_attribute("aria-label", re.compile(r": no status$"))
        last_step(page, f"{dashboard.url}/requests/{trace}/steps")
        expect(page.locator('.stepper .node[data-node="app:app"] [data-timing]')).to_have_text(
            "no status")
