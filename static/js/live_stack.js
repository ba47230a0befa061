// The stack Live draws (#live's `data-stack`): which it is, its link marked in the picker, and
// another drawn in place, the request list and the detail kept (a row of another stack's request
// replayed, the first stack to appear, a stack started again with another graph). The request
// pages' other scripts, and the player, read the stack drawn here (`Pastescope.liveStack`).
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

  window.addEventListener("popstate", () => {
    if (showedStack) window.location.reload();
  });

  window.Pastescope = Object.assign(window.Pastescope || {}, {
    liveStack: { current: currentStack, show: showStack, changed: stacksChanged },
  });
})();
