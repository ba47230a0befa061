// The request list's tools: "Compare two…" (pick two rows, open /compare?a=…&b=…) and the
// "Save these requests" link, kept in step with the filters of the list shown.
(function () {
  "use strict";

  let picked = [];

  // What picking asks for, by the rows listed: with fewer than two there is nothing to pick,
  // and the hint says what to do first. Filters hiding requests are widened; else more are
  // sent, by the teacher: a viewer (`data-viewer`, no teacher's token) waits for them.
  const HINT = "pick two requests to compare them";
  const NONE = "nothing to compare yet: send two requests first (Live's Send form, or a lesson's steps), then pick them here";
  const ONE = "only one request is listed: send another first, then pick the two";
  const VIEWER_NONE = "nothing to compare yet: wait for the teacher's requests, listed here as they are served, then pick two (Follow shows each one the teacher presents)";
  const VIEWER_ONE = "only one request is listed: wait for the teacher's next, then pick the two";
  const NONE_MATCH = "no request matches the filters: widen them, then pick two";
  const ONE_MATCH = "only one request matches the filters: widen them, then pick two";

  // Whether the list shown is filtered (request_list.js says, as the page comes and for each
  // list the dashboard answers), not what is typed (a refused status keeps the last list).
  let filtered = false;

  // Rows arriving, or the filters' list swapped in, while picking: the hint follows them.
  const rowsChanged = new MutationObserver(() => showHint());

  // A picked row says so on its time's button (a table row has no pressed state to give).
  function mark(row, on) {
    row.toggleAttribute("data-picked", on);
    const button = row.querySelector(".row-show");
    if (!button) return;
    if (on) button.setAttribute("aria-pressed", "true");
    else button.removeAttribute("aria-pressed");
  }

  function list() {
    return document.getElementById("requests");
  }

  function hint() {
    const shown = list().querySelectorAll("#rows tr[data-trace]:not([hidden])").length;
    if (shown >= 2) return HINT;
    const viewer = list().hasAttribute("data-viewer");
    if (filtered) return shown ? ONE_MATCH : NONE_MATCH;
    if (shown) return viewer ? VIEWER_ONE : ONE;
    return viewer ? VIEWER_NONE : NONE;
  }

  function showHint() {
    const section = list();
    if (!section) return;
    const text = section.hasAttribute("data-picking") ? hint() : "";
    const shown = section.querySelector("[data-compare-hint]");
    if (shown.textContent !== text) shown.textContent = text;
  }

  function setPicking(on) {
    const section = list();
    const button = section.querySelector("[data-compare-pick]");
    button.setAttribute("aria-pressed", String(on));
    section.toggleAttribute("data-picking", on);
    showHint();
    rowsChanged.disconnect();
    const rows = section.querySelector("#rows");
    if (on && rows) rowsChanged.observe(rows, { childList: true, subtree: true, attributeFilter: ["hidden"] });
    picked.forEach((row) => mark(row, false));
    picked = [];
  }

  // Capture phase: while picking, a click on a row picks it instead of opening its detail
  // (live.js listens on the bubbling phase) or following its link.
  document.addEventListener("click", (event) => {
    const toggle = event.target.closest("[data-compare-pick]");
    if (toggle) {
      setPicking(toggle.getAttribute("aria-pressed") !== "true");
      return;
    }
    const section = list();
    if (!section || !section.hasAttribute("data-picking")) return;
    const row = event.target.closest("#rows tr[data-trace]");
    if (!row) return;
    event.preventDefault();
    event.stopPropagation();
    if (picked.includes(row)) {
      mark(row, false);
      picked = picked.filter((other) => other !== row);
      return;
    }
    mark(row, true);
    picked.push(row);
    if (picked.length === 2) {
      const query = new URLSearchParams({ a: picked[0].dataset.trace, b: picked[1].dataset.trace });
      window.location.assign("/compare?" + query);
    }
  }, true);

  // The link saves the list shown, and the hints follow it: the filters of each list the
  // dashboard answered (request_list.js says which), not what is typed, which the dashboard may
  // refuse (an invalid status keeps the last list).
  document.addEventListener("pastescope:list-shown", (event) => {
    filtered = Object.values(event.detail).some(Boolean);
    const link = document.querySelector("a[data-export]");
    if (!link) return;
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(event.detail)) if (value) query.set(name, value);
    link.href = link.pathname + (query.size ? "?" + query : "");
  });
})();
