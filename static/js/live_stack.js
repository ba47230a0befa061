// The stack Live draws (#live's `data-stack`): which it is, its link marked in the picker, and
// another drawn in place, the request list and the detail kept (a row of another stack's request
// replayed, the first stack to appear, a stack started again with another graph), and its replay
// brought into view. The request pages' other scripts, and the player, read the stack drawn here
// (`Pastescope.liveStack`). How much of the window the page's sticky header covers
// (`headerCover`) is here too: bringing the replay into view needs it first, and live.js, which
// loads after this file, reads it from here; and where the diagram starts on the page, which
// projector mode ends at the screen's foot.
(function () {
  "use strict";

  function currentStack() {
    const live = document.getElementById("live");
    return live ? live.dataset.stack : "";
  }

  // Whether this page showed another stack in place (`showStack`): Back and Forward then load
  // the stack their address names, as after a click in the picker.
  let showedStack = false;

  // Show stack `name` as its link in the picker would (the address too), keeping the request
  // list and the detail in place; a promise of its diagram drawn.
  function showStack(name) {
    history.pushState(null, "", "/?stack=" + encodeURIComponent(name));
    showedStack = true;
    return drawStack(name);
  }

  // Draw stack `name` in place: the picker's mark, its diagram and its send form's presets; a
  // promise of its diagram drawn.
  function drawStack(name) {
    document.getElementById("live").dataset.stack = name;
    markStack(name);
    return htmx.ajax("GET", "/?stack=" + encodeURIComponent(name), { target: "#stack-view" });
  }

  // Mark stack `name`'s link in the picker as the one shown (`aria-current`), and no other.
  function markStack(name) {
    document.querySelectorAll("#stack-picker [data-stack-link]").forEach((link) => {
      if (link.dataset.stackLink === name) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  }

  // The stream drew the picker again: the stacks running changed.
  function stacksChanged() {
    const picker = document.getElementById("stack-picker");
    markStack(currentStack());  // the stream draws the picker with no stack marked
    // The stack was started again with another graph (its ini edited): draw the new one.
    const item = picker.querySelector(window.Pastescope.attr("data-stack-item", currentStack()));
    const view = document.querySelector("#stack-view .stack-view");
    if (item && view && item.dataset.graph && view.dataset.graph
        && item.dataset.graph !== view.dataset.graph) {
      view.dataset.graph = item.dataset.graph;  // asked once
      // Drawn whole if it was ("show all"), not folded again under the reader who asked.
      const panel = new URLSearchParams({ view: "only", stack: currentStack() });
      if (view.dataset.all) panel.set("all", view.dataset.all);
      htmx.ajax("GET", "/?" + panel, { target: "#stack-view" });
    }
    // The first stacks to appear on a page opened with none: the one `/` would open now (the
    // picker marks it), not the picker's first by name, so a reload shows the same.
    const opens = picker.querySelector("[data-opens] [data-stack-link]");
    if (!currentStack() && opens && document.getElementById("no-stack")) {
      drawStack(opens.dataset.stackLink);
    }
  }

  // How much of the window's top the page's sticky header covers (dashboard.css's --top-bar,
  // as scroll-padding-top, which scrollIntoView keeps clear too): what lies there is hidden
  // under the header, not in sight.
  function headerCover() {
    return parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
  }

  // A row clicked on Live replays its request on the diagram, and its detail loads beside the
  // diagram (a wide window) or below it (a projector, a narrow window). The replay is what
  // moves, so it is what the click (or Send's answer) brings into view: the player's line
  // below the header, then the diagram, with the least scroll (what is above them stays in
  // sight if it can). A detail beside it is in view with it; one below is a click away
  // ("Detail below"), as scrolling to it would leave the replay playing out of sight.
  function showReplay() {
    const bar = document.getElementById("player");
    const frame = document.getElementById("diagram");
    if (!bar || !frame) return;
    const barClear = bar.getBoundingClientRect().top - headerCover();
    const below = frame.getBoundingClientRect().bottom - window.innerHeight;
    if (barClear < 0) bar.scrollIntoView({ block: "start" });
    else if (below > 0) window.scrollBy(0, Math.min(below, barClear));
  }

  // Where the diagram starts on the page, as --diagram-top on #live: projector mode ends it at
  // the screen's foot (projector.css). What is above it is measured as it changes, not guessed:
  // the stack picker takes a line more for each few stacks (two at 1024 px took two lines, and
  // the diagram, sized for one, ended 32 px below the screen), the send form a line more on a
  // narrow screen, the presenting bar and the note of the stream down come and go.
  const ABOVE_DIAGRAM = ["presenting-bar", "stream-down", "stack-picker", "send-form", "player"];

  function measureDiagramTop() {
    const live = document.getElementById("live");
    const view = document.getElementById("stack-view");
    live.style.setProperty("--diagram-top", view.getBoundingClientRect().top + window.scrollY + "px");
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!document.getElementById("stack-view") || !window.ResizeObserver) return;
    const above = new ResizeObserver(measureDiagramTop);
    for (const id of ABOVE_DIAGRAM) {
      const element = document.getElementById(id);
      if (element) above.observe(element);
    }
  });

  window.addEventListener("popstate", () => {
    if (showedStack) window.location.reload();
  });

  window.Pastescope = Object.assign(window.Pastescope || {}, {
    liveStack: {
      current: currentStack, show: showStack, changed: stacksChanged, showReplay, headerCover,
    },
  });
})();
