// Upload an ini by file picker or drag-and-drop: POST /api/inis, then show its diagram page.
// A refused file (unreadable, too large) shows the reason, with its line, in #upload-error.
(function () {
  "use strict";

  function upload(file) {
    const zone = document.getElementById("upload");
    const output = document.getElementById("upload-error");
    const body = new FormData();
    body.append("file", file, file.name);
    zone.dataset.state = "uploading";
    output.textContent = "";
    output.dataset.line = "";
    fetch("/api/inis", { method: "POST", body: body })
      .then((response) => response.json().then((result) => ({ response, result })))
      .then(({ response, result }) => {
        if (response.ok) {
          window.location.assign("/inis/" + encodeURIComponent(result.id));
          return;
        }
        zone.dataset.state = "error";
        output.dataset.line = result.line ?? "";
        output.textContent = result.error;
      })
      .catch((error) => {
        zone.dataset.state = "error";
        output.textContent = "upload failed: " + error;
      });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const zone = document.getElementById("upload");
    const input = document.getElementById("upload-file");
    if (!zone || !input) return;
    input.addEventListener("change", () => {
      if (input.files.length) upload(input.files[0]);
    });
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.dataset.state = "over";
    });
    zone.addEventListener("dragleave", () => { zone.dataset.state = "idle"; });
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.dataset.state = "idle";
      if (event.dataTransfer.files.length) upload(event.dataTransfer.files[0]);
    });
  });
})();
