// The request list's tools: "Compare two…" (pick two rows, open /compare?a=…&b=…) and the
// "Save these requests" link, kept in step with the filters of the list shown.
(function () {
  "use strict";

  let picked = [];

  const HINT = "pick two requests to compare them";

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

  function setPicking(on) {
    const section = list();
    const button = section.querySelector("[data-compare-pick]");
    button.setAttribute("aria-pressed", String(on));
    section.querySelector("[data-compare-hint]").textContent = on ? HINT : "";
    section.toggleAttribute("data-picking", on);
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

  // The link saves the list shown: it follows the filters of each list the dashboard answered
  // (live.js says which), not what is typed, which the dashboard may refuse (an invalid status
  // keeps the last list).
  document.addEventListener("pastescope:list-shown", (event) => {
    const link = document.querySelector("a[data-export]");
    if (!link) return;
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(event.detail)) if (value) query.set(name, value);
    link.href = link.pathname + (query.size ? "?" + query : "");
  });
})();
