// The uploaded file's entry picker (templates/_ini.html): htmx swaps in nothing for an error,
// so an entry the dashboard refuses (the upload was forgotten since the page was opened, or the
// page is of another dashboard's) showed nothing at all. Its refusal, a fragment of escaped
// text with the way on (dashboard/errors.py), is shown beside the picker, and the picker goes
// back to the entry drawn; a dashboard that did not answer is said so there too.
(function () {
  "use strict";

  function refused(event) {
    const picker = event.detail.elt;
    if (!picker || picker.id !== "ini-entry") return;
    const view = picker.closest("#ini");
    picker.value = view.dataset.entry;
    let note = view.querySelector(":scope > .entry-refused");
    if (!note) {
      note = document.createElement("div");
      note.className = "entry-refused";
      picker.closest("label").after(note);
    }
    const xhr = event.detail.xhr;
    const answer = document.createElement("template");
    answer.innerHTML = event.type === "htmx:responseError" ? xhr.responseText : "";
    const fragment = answer.content.querySelector("p.refused");
    if (fragment) {
      note.replaceChildren(fragment);
    } else {
      const said = document.createElement("p");
      said.className = "refused";
      said.setAttribute("role", "alert");
      said.textContent = "The dashboard did not answer" +
        (xhr && xhr.status ? " (" + xhr.status + ")" : "") + ": pick again once it runs.";
      note.replaceChildren(said);
    }
  }

  document.addEventListener("htmx:responseError", refused);
  document.addEventListener("htmx:sendError", refused);
})();
