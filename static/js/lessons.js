// Lessons: load a teacher's lesson file (POST /api/lessons, then back to the list with it),
// let a step's Run show its error panel too (htmx swaps only 2xx answers by default), and say
// what a Run gave.
(function () {
  "use strict";

  function load(file) {
    window.Pastescope.postFile("/api/lessons", file, {
      zone: document.getElementById("lesson-load"),
      output: document.getElementById("lesson-load-error"),
      busy: "loading",
      failed: "loading the lesson failed: ",
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

  // A step ran: screen readers hear one line ("Step 3 ran: 401 Unauthorized as the lesson
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
      said.textContent = "Step " + frame.closest(".lesson-step").dataset.step + " ran: " + words.join(" ");
    }
    const result = summary || frame.querySelector(".lesson-result");
    if (result) result.focus();
  });

  document.addEventListener("DOMContentLoaded", () => {
    const input = document.getElementById("lesson-file");
    if (input) {
      input.addEventListener("change", () => {
        if (input.files.length) load(input.files[0]);
      });
    }
  });
})();
