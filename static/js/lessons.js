// Lessons: load a teacher's lesson file (POST /api/lessons, then back to the list with it),
// and let a step's Run show its error panel too (htmx swaps only 2xx answers by default).
(function () {
  "use strict";

  function load(file) {
    const zone = document.getElementById("lesson-load");
    const output = document.getElementById("lesson-load-error");
    const body = new FormData();
    body.append("file", file, file.name);
    zone.dataset.state = "loading";
    output.textContent = "";
    output.dataset.line = "";
    fetch("/api/lessons", { method: "POST", body: body })
      .then((response) => response.json().then((result) => ({ response, result })))
      .then(({ response, result }) => {
        if (response.ok) {
          window.location.assign("/lessons?loaded=" + encodeURIComponent(result.name));
          return;
        }
        zone.dataset.state = "error";
        output.dataset.line = result.line ?? "";
        output.textContent = result.error;
      })
      .catch((error) => {
        zone.dataset.state = "error";
        output.textContent = "loading the lesson failed: " + error;
      });
  }

  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (event.detail.target.matches(".lesson-result-frame") && status >= 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
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
