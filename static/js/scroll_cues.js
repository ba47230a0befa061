// A diagram wider than its frame (keystone's or swift's pipelines) scrolls sideways in it, but
// overlay scroll bars (a touch screen, macOS, headless Chromium) show nothing of that: a student
// saw a cut-off pipeline. So each side of the frame with more past it shows a shade and a
// "more" button that scrolls that way (dashboard.css, .diagram-scroll), and a side with
// nothing past it shows neither; the buttons are hidden (from screen readers and the Tab
// key too) while there is nothing to scroll to. Each frame is told again as it scrolls (by
// hand, by a button, or following the request: boxes.js) and as it or its diagram changes size
// (the window, projector mode).
//
// The frames are templates/_diagram_frame.html's: the page's, and whatever htmx swaps in later.
(function () {
  "use strict";

  // Less than a pixel past an edge is a rounding of the diagram's scaled width, not more to see.
  const SLACK = 1;
  // A button scrolls by most of the frame's width: what was at the edge stays in sight.
  const STEP = 0.8;

  // Whether `frame` has hidden content past its `side` ("left" or "right").
  function morePast(frame, side) {
    if (side === "left") return frame.scrollLeft > SLACK;
    return frame.scrollLeft + frame.clientWidth < frame.scrollWidth - SLACK;
  }

  // Show the cues of the frame in `scroll` (a .diagram-scroll) for where it is scrolled now.
  function tell(scroll) {
    const frame = scroll.querySelector(".diagram-frame");
    if (!frame) return;
    scroll.querySelectorAll(".more-cue").forEach((button) => {
      const more = morePast(frame, button.dataset.side);
      if (button.hidden === !more) return;
      // The button pressed to the end hides: the focus goes to the other side's, shown now,
      // rather than to the page's start.
      const focused = document.activeElement === button;
      button.hidden = !more;
      if (focused && !more) {
        const other = scroll.querySelector(".more-cue:not([hidden])");
        if (other) other.focus();
      }
    });
  }

  // Lay the cues of the frame in `scroll` inside its border and short of its own scroll bars,
  // where it has classic ones (the border is thicker in projector mode); then tell them.
  function fit(scroll) {
    const frame = scroll.querySelector(".diagram-frame");
    if (!frame) return;
    const insets = {
      top: frame.clientTop,
      left: frame.clientLeft,
      right: frame.offsetWidth - frame.clientWidth - frame.clientLeft,
      bottom: frame.offsetHeight - frame.clientHeight - frame.clientTop,
    };
    Object.entries(insets).forEach(([edge, px]) => scroll.style.setProperty("--frame-" + edge, px + "px"));
    tell(scroll);
  }

  function scrollBy(button) {
    const scroll = button.closest(".diagram-scroll");
    const frame = scroll && scroll.querySelector(".diagram-frame");
    if (!frame) return;
    const by = frame.clientWidth * STEP * (button.dataset.side === "left" ? -1 : 1);
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    frame.scrollBy({ left: by, behavior: reduced ? "auto" : "smooth" });
  }

  // The frame or its diagram resized: the window, projector mode, a diagram drawn anew. One
  // taken off the page (Live draws another stack) is no longer watched.
  const resized = new ResizeObserver((entries) => {
    entries.forEach((entry) => {
      if (!entry.target.isConnected) {
        resized.unobserve(entry.target);
        return;
      }
      const scroll = entry.target.closest(".diagram-scroll");
      if (scroll) fit(scroll);
    });
  });

  // Watch each new frame in `element` (the page, or what htmx swapped in).
  function watch(element) {
    const found = element.matches && element.matches(".diagram-scroll")
      ? [element] : Array.from(element.querySelectorAll ? element.querySelectorAll(".diagram-scroll") : []);
    found.forEach((scroll) => {
      const frame = scroll.querySelector(".diagram-frame");
      if (!frame || scroll.dataset.watched) return;
      scroll.dataset.watched = "true";
      resized.observe(frame);
      const svg = frame.querySelector("svg");
      if (svg) resized.observe(svg);
      fit(scroll);
    });
  }

  // NOTE: a scroll does not bubble; heard as it is captured, one listener hears every frame's.
  document.addEventListener("scroll", (event) => {
    const frame = event.target;
    if (!frame.classList || !frame.classList.contains("diagram-frame")) return;
    const scroll = frame.closest(".diagram-scroll");
    if (scroll) tell(scroll);
  }, { capture: true, passive: true });

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".diagram-scroll .more-cue");
    if (button) scrollBy(button);
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => watch(document));
  else watch(document);
  document.addEventListener("htmx:load", (event) => watch(event.detail.elt));
})();
