// Send one file the user picked or dropped to the dashboard (POST, form field "file") and show
// a refusal: shared by the ini upload (upload.js) and the lesson loader (lessons.js), which
// differ only in the URL, their elements' ids and where an accepted file leads.
(function () {
  "use strict";

  // POST `file` to `url`. While it is sent, `zone.dataset.state` is `busy`; a refusal sets it to
  // "error" and shows the answer's `error` (its line in `output.dataset.line`) in `output`, a
  // failed fetch shows `failed` and the error. Resolves to the answer's JSON when the file is
  // accepted, else to null. With `ticked`, the refusal's `names` in backticks are shown as code
  // (ticks.js, which the page loads): the lesson loader's messages are written so.
  function postFile(url, file, { zone, output, busy, failed, ticked = false }) {
    const body = new FormData();
    body.append("file", file, file.name);
    zone.dataset.state = busy;
    output.textContent = "";
    output.dataset.line = "";
    return fetch(url, { method: "POST", body: body })
      .then((response) => response.json().then((result) => ({ response, result })))
      .then(({ response, result }) => {
        if (response.ok) return result;
        zone.dataset.state = "error";
        output.dataset.line = result.line ?? "";
        if (ticked) output.replaceChildren(...window.Pastescope.ticked(result.error));
        else output.textContent = result.error;
        return null;
      })
      .catch((error) => {
        zone.dataset.state = "error";
        output.textContent = failed + error;
        return null;
      });
  }

  window.Pastescope = Object.assign(window.Pastescope || {}, { postFile });
})();
