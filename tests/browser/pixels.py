"""The pixels of part of a page, as drawn: for what no DOM API tells (where a list item's
number is drawn, how dark a scroll shade is). The browser decodes its own screenshot."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from playwright.sync_api import Page

#: A PNG (base64) decoded by the browser: its size and its pixels' RGBA, row by row.
DECODE = """async (png) => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  return {width: image.width, height: image.height, data: Array.from(data)};
}"""


@dataclass
class Pixels:
    """A screenshot's pixels; a pixel's brightness is the sum of its R, G and B (0 to 765)."""

    width: int
    height: int
    data: list[int]

    def brightness(self, x: int, y: int) -> int:
        at = (y * self.width + x) * 4
        return self.data[at] + self.data[at + 1] + self.data[at + 2]


def pixels_of(page: Page, clip: dict, **options) -> Pixels:
    """The pixels of `clip` of `page` (a screenshot's `clip`; `options`, its others)."""
    png = base64.b64encode(page.screenshot(clip=clip, **options)).decode()
    return Pixels(**page.evaluate(DECODE, png))
