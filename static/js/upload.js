// Upload an ini by file picker or drag-and-drop: POST /api/inis, then show its diagram page.
// A refused file (unreadable, too large) shows the reason, with its line, in #upload-error.
(function () {
  "use strict";

  function upload(file) {
    window.Pastescope.postFile("/api/inis", file, {
      zone: document.getElementById("upload"),
      output: document.getElementById("upload-error"),
      busy: "uploading",
      failed: "upload failed: ",
    }).then((result) => {
      if (result) window.location.assign("/inis/" + encodeURIComponent(result.id));
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
