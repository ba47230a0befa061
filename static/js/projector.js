// Projector mode, for a class: large type and high contrast (projector.css), on every page. It is
// a class on <body>, turned on or off by the `[data-action="projector"]` button in every page's
// header (one toggle: a second beside Live's diagram and the step view's did the same), off by
// Esc. A browser tab keeps it
// (sessionStorage) from page to page until it is turned off; `?projector=1` or `?projector=0` in
// a URL forces it, and is then taken out of the address, so Back to that page later does not
// undo the teacher's choice made since. Scripts that draw differently in it hear
// `pastescope:projector`.
//
// NOTE: base.html loads this script first thing in <body> (after tab_storage.js, which it reads),
// not deferred: it sets the class before anything of the page is drawn (no white flash), and
// before the scripts that use it run.
(function () {
  "use strict";
  const shared = (window.Pastescope = window.Pastescope || {});
  if (shared.projector) return;

  // The tab's choice in sessionStorage: "1" on, "0" off. Storage refused (tab_storage.js), the
  // mode lasts for this page.
  const KEY = "pastescope.projector";
  const { read, write } = shared.tabStorage;

  function on() {
    return document.body.classList.contains("projector");
  }

  function remember(value) {
    write(KEY, value ? "1" : "0");
  }

  // The tab's choice (true, false), or null if it has made none or storage is refused.
  function remembered() {
    const value = read(KEY);
    return value === null ? null : value === "1";
  }

  // The mode a URL forces (true, false), or null; the URL without it.
  function forced(url) {
    const asked = url.searchParams.get("projector");
    url.searchParams.delete("projector");
    if (asked === "1") return true;
    if (asked === "0") return false;
    return null;
  }

  function set(value) {
    document.body.classList.toggle("projector", value);
    remember(value);
    show(document);
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
    const button = event.target.closest && event.target.closest('[data-action="projector"]');
    if (!button) return;
    set(!on());
    // NOTE: a pointer's click on the header's toggle leaves the focus on the page, so Space and
    // the arrows go on stepping (stepper.js) rather than pressing the toggle again.
    if (event.detail > 0) button.blur();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !on() || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest && event.target.closest("input, select, textarea, [contenteditable]")) return;
    set(false);
    event.preventDefault();
  });

  // Before the page is drawn: the URL's word, else the tab's.
  const url = new URL(window.location.href);
  const asked = forced(url);
  if (asked !== null) {
    remember(asked);
    history.replaceState(history.state, "", url);
  }
  document.body.classList.toggle("projector", Boolean(asked !== null ? asked : remembered()));

  shared.projector = { on, set, show };
  // The page's buttons and diagrams once it is parsed, and whatever htmx swaps in later.
  // NOTE: htmx:load heard here, not htmx.onLoad: that waits for a DOMContentLoaded of its own,
  // never heard if asked from within this page's DOMContentLoaded.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => show(document));
  else show(document);
  document.addEventListener("htmx:load", (event) => show(event.detail.elt));
  // A page brought back by Back from the browser's cache is as it was left: the tab's choice
  // may have changed since.
  window.addEventListener("pageshow", (event) => {
    const value = remembered();
    if (event.persisted && value !== null && value !== on()) set(value);
  });
})();
