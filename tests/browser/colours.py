"""Colours as a browser renders them, checked against WCAG: a text's contrast with what it is
drawn on (AA, 4.5:1 for normal text), and status classes apart at a glance (CIE76 ΔE).

Colours are read with getComputedStyle, the background is the element's own or its nearest
ancestors' (composited over white, as the page is), so a change in any stylesheet is checked.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page

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


def linear(channel: float) -> float:
    """An sRGB channel (0–255) as linear light (0–1)."""
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[float, ...]) -> float:
    """WCAG relative luminance of an sRGB colour (0–255 channels)."""
    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rendered(page: Page, selector: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(text colour, background colour) of `selector` as the user sees them."""
    colours = page.eval_on_selector(selector, COLOURS)
    return composited(colours["text"], colours["backgrounds"])


def composited(text: str, backgrounds: list[str]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(text colour, background colour) as drawn: the CSS `backgrounds` of an element and its
    ancestors (innermost first) layered over the white canvas, the text over them."""
    background: tuple[float, ...] = (255.0, 255.0, 255.0)  # the canvas
    for layer in reversed(backgrounds):
        background = over(rgba(layer), background)
    return over(rgba(text), background), background


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


#: Every element outside the diagram, in `within` (a selector: `body` for the whole page), that
#: shows text of its own: a name for it, its text colour, the backgrounds under it, innermost
#: first, its size in px and whether it is a form control's.
TEXTS = """(within) => {
  const shown = [];
  for (const e of document.querySelectorAll(within + ' *')) {
    if (e.closest('svg, script, style, template, [hidden]') || !e.getClientRects().length) continue;
    const own = Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || getComputedStyle(e).visibility !== 'visible') continue;
    const layers = [];
    for (let a = e; a; a = a.parentElement) layers.push(getComputedStyle(a).backgroundColor);
    const classes = typeof e.className === 'string' ? e.className.trim().split(/\\s+/) : [];
    const name = [e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''), ...classes].join('.');
    shown.push({name: name.replace(/\\.$/, '') + ' "' + e.textContent.trim().slice(0, 30) + '"',
      text: getComputedStyle(e).color, backgrounds: layers,
      size: parseFloat(getComputedStyle(e).fontSize),
      control: Boolean(e.closest('button, select, input, textarea'))});
  }
  return shown;
}"""


def unreadable_texts(page: Page) -> list[str]:
    """The page's texts that fall short of WCAG AA on what they are drawn on. `within` is
    given: Playwright hands a function called with no argument null, not undefined, so a
    default there never applied and no text was found, nor any found short; that none was
    read fails here, so the check cannot pass by reading nothing again."""
    shown_texts = page.evaluate(TEXTS, "body")
    assert shown_texts, "no text of the page was read: the contrast check would check nothing"
    short = []
    for shown in shown_texts:
        text, background = composited(shown["text"], shown["backgrounds"])
        if contrast(text, background) < AA_TEXT:
            short.append(f"{shown['name']}: {contrast(text, background):.2f}:1")
    return short
