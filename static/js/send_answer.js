// A request sent from the page, Send's (send_form.js) or a detail's Repeat: posted, its answer
// shown (the status, a link to its trace, what a repeat sent otherwise than recorded), and
// replayed on the diagram, shown to the class once it plays while the tab presents.
(function () {
  "use strict";
  const { presenter } = window.Pastescope;

  // Sent or repeated, and replayed on the diagram: shown to the class once it plays (it may be
  // playing already, the stream quicker than the answer), as the dashboard may answer before it
  // holds the request's trace.
  let presentNext = null;

  function presentOnPlay(player, id) {
    if (player.trace && player.trace.trace === id) presenter.present(id);
    else presentNext = id;
  }

  document.addEventListener("pastescope:animate", (event) => {
    if (event.detail.trace !== presentNext) return;
    presentNext = null;
    presenter.present(event.detail.trace);
  });

  // The trace id links to its request page: the detail beside the diagram is narrow, and the
  // answer is where a user looks for the request just sent. Whether its replay started.
  function showResult(output, result, ok) {
    output.dataset.status = ok ? result.status : "error";
    output.dataset.trace = (ok && result.trace) || "";
    if (!ok) {
      output.textContent = result.error;
      return false;
    }
    output.textContent = result.status + " " + result.reason + " · ";
    if (result.trace) {
      const link = document.createElement("a");
      link.href = "/requests/" + encodeURIComponent(result.trace);
      link.textContent = "trace " + result.trace;
      output.append(link);
    } else {
      // Why, when the dashboard knows: it refused the stack for its token (dashboard/sender.py).
      output.append(result.untraced || "no trace header");
    }
    if (result.cut) output.append(" · " + result.cut);
    if (result.differences && result.differences.length) output.append(differencesShown(result.differences));
    const { player } = window.Pastescope;
    if (!result.trace || !player) return false;
    presentOnPlay(player, result.trace);
    player.playId(result.trace, true);
    return true;
  }

  // What a repeat sent otherwise than the recorded request, and why (dashboard/repeat.py), one
  // line each under the answer, so a changed request is never taken for the recorded one.
  function differencesShown(differences) {
    const shown = document.createElement("span");
    shown.className = "differences";
    shown.append("Not as recorded:");
    for (const text of differences) {
      const line = document.createElement("span");
      line.className = "difference";
      line.append(...window.Pastescope.ticked(text));
      shown.append(line);
    }
    return shown;
  }

  // Said when a post got no answer at all: fetch's own "TypeError: Failed to fetch" means
  // nothing to a class.
  const NO_ANSWER = "The dashboard did not answer: is it still running?";

  // POST `body` to `url`; the answer (or why there is none) in `output`, which the next answer
  // replaces. `words` rewords a refusal for where it is shown (send_form.js's `formWords`). A
  // promise of whether the request's replay started: where the page scrolls to follow it is the
  // caller's (Repeat's answer is read where it is, below the diagram in projector mode).
  function post(url, body, output, words = (error) => error) {
    output.dataset.status = "";
    output.dataset.trace = "";
    output.textContent = "sending…";
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then((response) => response.json().then(
        (result) => showResult(output, response.ok ? result : { error: words(result.error) }, response.ok),
        // NOTE: an answer that is not the dashboard's JSON (a proxy's error page, say).
        () => showResult(output, { error: "The dashboard answered " + response.status
          + " " + response.statusText + ", not a result" }, false)),
      () => showResult(output, { error: NO_ANSWER }, false));
  }

  window.Pastescope.sendAnswer = { post, showResult };
})();
