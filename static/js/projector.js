// Projector mode, for a class: large type and high contrast (projector.css), the same on the step
// view and on the Live page. It is a class on <body>, turned on or off by any
// `[data-action="projector"]` button, off by Esc, and kept in the URL (`?projector=1`), so a
// reload or a shared link opens in it. Scripts that draw differently in it hear
// `pastescope:projector`. Loaded by every page (base.html), before the scripts that use it.
(function () {
  "use strict";
  const shared = (window.Pastescope = window.Pastescope || {});
  if (shared.projector) return;

  function on() {
    return document.body.classList.contains("projector");
  }

  function set(value) {
    document.body.classList.toggle("projector", value);
    show(document);
    const url = new URL(window.location.href);
    if (value) url.searchParams.set("projector", "1");
    else url.searchParams.delete("projector");
    history.replaceState(history.state, "", url);
    document.dispatchEvent(new CustomEvent("pastescope:projector", { detail: { on: value } }));
  }

  // Buttons in `element` say whether the mode is on; each diagram gets its own width as
  // --drawn-width, as projector.css draws a diagram no smaller than 1.3× that (and
  // dashboard.css no smaller than 10/14 of it, 12/14 on a phone).
  function show(element) {
    element.querySelectorAll('[data-action="projector"]').forEach((button) => {
      button.setAttribute("aria-pressed", String(on()));
    });
    element.querySelectorAll("svg.diagram").forEach((svg) => {
      svg.style.setProperty("--drawn-width", svg.viewBox.baseVal.width + "px");
    });
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest('[data-action="projector"]')) set(!on());
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !on() || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest && event.target.closest("input, select, textarea, [contenteditable]")) return;
    set(false);
    event.preventDefault();
  });

  function start() {
    show(document);
    if (new URLSearchParams(window.location.search).get("projector") === "1") set(true);
    if (window.htmx) htmx.onLoad(show);
  }

  shared.projector = { on, set, show };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
