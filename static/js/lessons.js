// Lessons: load a teacher's lesson file (POST /api/lessons, then back to the list with it),
// and let a step's Run show its error panel too (htmx swaps only 2xx answers by default).
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

  document.addEventListener("DOMContentLoaded", () => {
    const input = document.getElementById("lesson-file");
    if (input) {
      input.addEventListener("change", () => {
        if (input.files.length) load(input.files[0]);
      });
    }
  });
})();
