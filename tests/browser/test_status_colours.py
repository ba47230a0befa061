"""Status colours as rendered in headless Chromium: each status class's text is readable
(WCAG AA, 4.5:1 for normal text) on the background it is drawn on, and the classes stay
distinguishable from one another.

Colours are read with getComputedStyle, the background is the element's own or its nearest
ancestors' (composited over white, as the page is), so a change in any stylesheet is checked.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events

#: WCAG 2.x AA minimum contrast ratio for normal-size text.
AA_TEXT = 4.5
#: Least colour difference (CIE76 ΔE) between two status classes: apart at a glance.
DISTINCT = 30
#: One status of each class, as a trace id of the sample stack.
STATUSES = {"status-2xx": 200, "status-3xx": 302, "status-4xx": 404, "status-5xx": 500}

#: The colour of an element's text and the backgrounds under it, innermost first.
COLOURS = """element => {
  const layers = [];
  for (let e = element; e; e = e.parentElement) layers.push(getComputedStyle(e).backgroundColor);
  return {text: getComputedStyle(element).color, backgrounds: layers};
}"""


def rgba(css: str) -> tuple[float, float, float, float]:
    """`rgb(1, 2, 3)` or `rgba(1, 2, 3, 0.5)` → (r, g, b, alpha)."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def over(top: tuple[float, ...], bottom: tuple[float, ...]) -> tuple[float, float, float]:
    """`top` (with its alpha) composited over the opaque `bottom`."""
    alpha = top[3]
    return tuple(alpha * t + (1 - alpha) * b for t, b in zip(top[:3], bottom[:3], strict=True))


def luminance(rgb: tuple[float, ...]) -> float:
    """WCAG relative luminance of an sRGB colour (0–255 channels)."""
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rendered(page: Page, selector: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(text colour, background colour) of `selector` as the user sees them."""
    colours = page.eval_on_selector(selector, COLOURS)
    background: tuple[float, ...] = (255.0, 255.0, 255.0)  # the canvas
    for layer in reversed(colours["backgrounds"]):
        background = over(rgba(layer), background)
    return over(rgba(colours["text"]), background), background


def check(page: Page, selectors: dict[str, str]) -> dict[str, tuple[float, ...]]:
    """Every selector's text passes AA on its background; the text colours, by class."""
    seen = {}
    for name, selector in selectors.items():
        text, background = rendered(page, selector)
        ratio = contrast(text, background)
        assert ratio >= AA_TEXT, f"{name} ({selector}): {text} on {background} is {ratio:.2f}:1"
        seen[name] = text
    return seen


def lab(rgb: tuple[float, ...]) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour (0–255 channels)."""
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb[:3])
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distinct(colours: dict[str, tuple[float, ...]]) -> None:
    """No two status classes look alike: CIE76 colour difference of at least DISTINCT."""
    names = list(colours)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            pairs = zip(lab(colours[a]), lab(colours[b]), strict=True)
            difference = sum((p - q) ** 2 for p, q in pairs) ** 0.5
            assert difference >= DISTINCT, f"{a} and {b} look alike: ΔE {difference:.0f}"


def test_every_status_colour_is_readable_and_distinct(page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-colours"))
    events = []
    for status in STATUSES.values():
        events += trace_events(f"colour-{status}", stack="sample-colours", status=status)
    assert dashboard.post("/api/events", events)[0] == 202

    # The request list, as it is and with the pointer over each row (its hover background).
    page.goto(f"{dashboard.url}/requests")
    rows = {name: f'#rows tr[data-trace="colour-{status}"] td.status'
            for name, status in STATUSES.items()}
    for name, selector in rows.items():
        expect(page.locator(selector)).to_have_text(str(STATUSES[name]))
        expect(page.locator(selector).locator("xpath=..")).to_have_class(name)
    distinct(check(page, rows))
    for name, selector in rows.items():
        page.hover(selector)
        check(page, {f"{name} (hovered)": selector})

    # The badge of a request's page, and of its step view on a projector (black background).
    for name, status in STATUSES.items():
        page.goto(f"{dashboard.url}/requests/colour-{status}")
        expect(page.locator(".request-detail .status-badge")).to_have_class(f"status-badge {name}")
        check(page, {name: ".request-detail .status-badge"})
    projector = {}
    for name, status in STATUSES.items():
        page.goto(f"{dashboard.url}/requests/colour-{status}/steps?projector=1")
        expect(page.locator("body")).to_have_class("projector")
        projector.update(check(page, {name: ".stepper-head .status-badge"}))
    distinct(projector)


def raised_trace(trace: str, stack: str) -> list[dict]:
    """A sample request whose action raised, and the router with it (neither passed a status
    up), and whose auth filter turned the exception into a 500."""
    events = trace_events(trace, stack=stack, status=500)
    for event in events:
        if event["kind"] in ("controller.return", "node.leave") and event["node"] == "app:router":
            event["data"]["status"] = None
    return events


def expect_raised(page: Page, cells: str) -> None:
    """The router's and its action's cells say they raised, in words and in data-outcome."""
    expect(page.locator(cells)).to_have_text(["raised", "raised"])
    for cell in page.locator(cells).all():
        expect(cell).to_have_attribute("data-outcome", "raised")


def test_a_layer_that_raised_has_a_look_of_its_own_not_a_5xx(page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-raised"))
    events = raised_trace("raised-1", "sample-raised")
    events += trace_events("raised-ok", stack="sample-raised")
    assert dashboard.post("/api/events", events)[0] == 202

    # The request's timeline: the router and its action raised, the auth filter above them
    # answered 500.
    page.goto(f"{dashboard.url}/requests/raised-1")
    raised = '.timeline tr[data-node="app:router"] td:nth-child(2)'
    answered = '.timeline tr[data-node="filter:auth"] td:nth-child(2)'
    expect_raised(page, raised)
    expect(page.locator(answered)).to_have_text("500")
    expect(page.locator(answered)).to_have_class("status-5xx")
    distinct(check(page, {"raised": raised, "status-5xx": answered}))
    # Dashed, as the raised box's outline on the diagram: apart without its colour too.
    look = "td => getComputedStyle(td).textDecorationStyle"
    assert page.eval_on_selector(raised, look) == "dashed"
    assert page.eval_on_selector(answered, look) != "dashed"
    # On a projector (black), a light tint of its own.
    page.goto(f"{dashboard.url}/requests/raised-1?projector=1")
    expect(page.locator("body")).to_have_class("projector")
    distinct(check(page, {"raised": raised, "status-5xx": answered}))

    # The same request beside one whose router and action answered 200.
    page.goto(f"{dashboard.url}/compare?a=raised-1&b=raised-ok")
    in_a = '.compare-hops tr[data-node="app:router"] td:nth-child(2)'
    in_b = '.compare-hops tr[data-node="app:router"] td:nth-child(3)'
    expect_raised(page, in_a)
    expect(page.locator(in_b)).to_have_text(["200", "200"])
    expect(page.locator(f"{in_b}[data-outcome]")).to_have_count(0)
    check(page, {"raised (compare)": in_a})
    assert page.eval_on_selector(in_a, look) == "dashed"


def test_compare_rows_of_one_side_only_are_readable_on_a_projector(page, dashboard):
    # A denied request stops at auth; the other goes on to the router: its rows are B's only.
    dashboard.post("/api/stacks", announcement("sample-sides"))
    events = trace_events("sides-denied", stack="sample-sides", denied=True)
    events += trace_events("sides-ok", stack="sample-sides")
    assert dashboard.post("/api/events", events)[0] == 202
    for query in ("", "&projector=1"):
        page.goto(f"{dashboard.url}/compare?a=sides-denied&b=sides-ok{query}")
        only_b = '.compare-hops tr[data-only="b"] td:first-child'
        expect(page.locator(only_b)).not_to_have_count(0)
        check(page, {f"only B{query}": only_b})
