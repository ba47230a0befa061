// Lessons: load a teacher's lesson file (POST /api/lessons, then back to the list with it),
// let a step's Run show its error panel too (htmx swaps only 2xx answers by default), say
// what a Run gave, and enable or disable the Run buttons as the lesson's stack starts or stops
// (the page's stack line, fetched again at each `stacks` message of the live stream).
(function () {
  "use strict";

  function load(file) {
    window.Pastescope.postFile("/api/lessons", file, {
      zone: document.getElementById("lesson-load"),
      output: document.getElementById("lesson-load-error"),
      busy: "loading",
      failed: "loading the lesson failed: ",
      ticked: true,
    }).then((result) => {
      if (result) window.location.assign("/lessons?loaded=" + encodeURIComponent(result.name));
    });
  }

  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (event.detail.target.matches(".lesson-result-frame") && status >= 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A step ran: screen readers hear one line ("Lesson step 3 ran: 401 Unauthorized as the lesson
  // expects"), not the step view that comes with it, and the focus, which fell to the page's
  // body as the Run button was disabled, goes to the result (an error is an alert: said as is).
  document.addEventListener("htmx:afterSwap", (event) => {
    const frame = event.detail.target;
    if (!frame.matches(".lesson-result-frame")) return;
    const summary = frame.querySelector(".lesson-summary");
    const said = document.getElementById("lesson-said");
    if (summary && said) {
      const words = Array.from(summary.querySelectorAll(".status-badge, .as-expected, .unexpected"),
        (part) => part.textContent.trim());
      said.textContent = "Lesson step " + frame.closest(".lesson-step").dataset.step + " ran: " + words.join(" ");
    }
    const result = summary || frame.querySelector(".lesson-result");
    if (result) result.focus();
  });

  // Whether the stack's line last said a Run is sent; null until it is read. And why not, as
  // it said it (dashboard/lessons.py run_held): not running, or refused by this dashboard.
  let runnable = null;
  let held = null;

  // The Run buttons as the stack's line says: enabled while it runs, else disabled, each
  // described by the note beside it saying why, and what to do.
  function applyRunnable() {
    document.querySelectorAll(".lesson-step").forEach((step) => {
      const button = step.querySelector("button.run");
      const why = step.querySelector(".run-why");
      if (!button || !why) return;
      // NOTE: a Run under way has its button disabled by htmx, which enables it when the
      // answer comes: it is set again then (htmx:afterRequest).
      if (!button.classList.contains("htmx-request")) button.disabled = !runnable;
      if (runnable) button.removeAttribute("aria-describedby");
      else button.setAttribute("aria-describedby", why.id);
      why.hidden = runnable;
      if (held !== null) why.textContent = held;
    });
  }

  // The stack's line was fetched again: said (to screen readers too) only when a Run became
  // possible, or stopped being, or is held for another reason (a stack started, and refused).
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target.id !== "lesson-stack") return;
    const now = event.detail.target.querySelector("[data-runnable]");
    if (!now) return;
    document.querySelector(".lesson").dataset.stackState = now.dataset.state;
    const was = [runnable, held];
    runnable = now.dataset.runnable === "true";
    held = now.dataset.held;
    applyRunnable();
    const said = document.getElementById("lesson-said");
    if (was[0] !== null && (was[0] !== runnable || (!runnable && was[1] !== held)) && said) {
      said.textContent = runnable ? "The stack is running: Run is enabled." : "Run is disabled. " + held;
    }
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    if (runnable !== null && event.detail.elt.matches("button.run")) applyRunnable();
  });

  document.addEventListener("DOMContentLoaded", () => {
    const now = document.querySelector("#lesson-stack [data-runnable]");
    if (now) {
      runnable = now.dataset.runnable === "true";
      held = now.dataset.held;
    }
    const input = document.getElementById("lesson-file");
    if (input) {
      input.addEventListener("change", () => {
        if (input.files.length) load(input.files[0]);
      });
    }
  });
})();
