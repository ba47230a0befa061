// Live's Send form: a preset fills it; Send checks the path typed, in a learner's words, then
// posts it to /api/send for the stack drawn, and its answer shows, and replays, as Repeat's does
// (live_stack.js and send_answer.js, loaded before this file, lend `Pastescope.liveStack` and
// `.sendAnswer`).
(function () {
  "use strict";
  const { liveStack, sendAnswer } = window.Pastescope;

  // The send form's fields by the names /api/send gives them, as the form labels them.
  const FORM_LABELS = { method: "Method", path: "Path", headers: "Headers", body: "Body" };
  // A path typed longer than this is not repeated whole in the form's advice.
  const EXAMPLE_CHARS = 60;
  // The path the advice shows when what was typed gives none.
  const EXAMPLE = "/v2.1/servers";

  // What is wrong with the path typed, said before it is sent, in a learner's words (null: the
  // dashboard checks the rest). Forgetting the leading `/` is the commonest slip; a whole URL
  // pasted from a browser or curl is the next. The path is never mended unsaid: what the trace
  // shows is what was typed, and the rule (a request line's path starts with `/`) is one the
  // class is learning. A space pasted before or after it is said too: the dashboard refuses a
  // path with spaces (dashboard/sender.py), and "start it with /" would be wrong advice for
  // ` /v2.1/servers`.
  function pathProblem(path, method) {
    const typed = path.trim();
    const problem = typedProblem(typed, method);
    if (problem || typed === path) return problem;
    const where = [path !== path.trimStart() && "before", path !== path.trimEnd() && "after"];
    return "Path: no spaces " + where.filter(Boolean).join(" or ") + " it (as "
      + shortExample(typed) + ")";
  }

  // What is wrong with a path typed without spaces around it (pathProblem).
  function typedProblem(path, method) {
    if (path.startsWith("/") || (path === "*" && method.toUpperCase() === "OPTIONS")) return null;
    if (path === "*") return "Path: * asks OPTIONS of the server as a whole, so only with the method OPTIONS; start any other path with /";
    const inAddress = addressPath(path);
    if (inAddress !== null) {
      return "Path: only the path, from its first / (as " + shortExample(inAddress) + "): the stack's address is known already";
    }
    return "Path: start it with / (as " + shortExample(path ? "/" + path : EXAMPLE) + ")";
  }

  // The path of a whole address typed for one, from its first `/`: a URL
  // (`http://127.0.0.1:8090/v2.1/servers?limit=1`) or a host and port without the scheme
  // (`localhost:8090/v2.1/servers`), as a curl line or a stack's start-up line shows it; null if
  // `typed` is no address ("v2.1/servers" has a dot, as a host name has: only a port tells).
  function addressPath(typed) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(typed)) {
      try {
        const url = new URL(typed);
        return url.pathname + url.search;
      } catch (error) {
        return EXAMPLE;  // not a URL after all
      }
    }
    if (!/^(\[[0-9a-f:.]*\]|[^/:?#\s]+):\d+(\/|$)/i.test(typed)) return null;
    const slash = typed.indexOf("/");
    return slash < 0 ? "/" : typed.slice(slash);
  }

  function shortExample(path) {
    return path.length > EXAMPLE_CHARS ? EXAMPLE : path;
  }

  // The dashboard's refusal of the form, naming the form's field rather than the API's
  // (`field 'headers': …` is `Headers: …`); the API's own words are its contract (DESIGN.md).
  function formWords(error) {
    const named = /^field '(\w+)':? (.*)$/s.exec(error || "");
    if (!named || !FORM_LABELS[named[1]]) return error;
    return FORM_LABELS[named[1]] + ": " + named[2];
  }

  // Listened for on the document, not the form: the form is replaced by the first stack's
  // (its presets) when the page was drawn before any stack announced itself.
  document.addEventListener("change", (event) => {
    const form = event.target.form;
    if (!form || form.id !== "send-form" || event.target.name !== "preset") return;
    const presets = JSON.parse(document.getElementById("presets").textContent);
    const preset = presets[form.elements.preset.value];
    form.elements.method.value = preset.method;
    form.elements.path.value = preset.path;
    form.elements.headers.value = Object.entries(preset.headers).map(([k, v]) => k + ": " + v).join("\n");
    // NOTE: a body asked for by its size (dashboard/presets.py) is made here, not sent
    // in every page.
    form.elements.body.value = preset.body_bytes ? "x".repeat(preset.body_bytes) : preset.body;
  });

  // Show the demo's token hint, or hide it, and say it on its status line.
  function showHint(hint, said, shown) {
    hint.hidden = !shown;
    said.textContent = shown ? hint.textContent.replace(/\s+/g, " ").trim() : "";
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.id !== "send-form") return;
    event.preventDefault();
    // NOTE: the lines as typed, blank ones left out: the dashboard splits and checks them
    // (stack/http_token.py) as `which -H` and lesson files are checked, a name given twice
    // refused; an object here would keep the last of two lines of one name, unsaid.
    const headers = form.elements.headers.value.split("\n").filter((line) => line.trim());
    const output = document.getElementById("send-result");
    // The token the demo, unchanged, takes (_send_form.html): said under a 401 only.
    const tokenHint = form.querySelector("[data-send-token]");
    const tokenSaid = form.querySelector("[data-send-token-said]");
    if (tokenHint) showHint(tokenHint, tokenSaid, false);
    const problem = pathProblem(form.elements.path.value, form.elements.method.value);
    if (problem) {
      sendAnswer.showResult(output, { error: problem }, false);
      form.elements.path.focus();
      return;
    }
    sendAnswer.post("/api/send", {
      stack: liveStack.current(), method: form.elements.method.value, path: form.elements.path.value,
      headers: headers, body: form.elements.body.value,
    }, output, formWords).then((replays) => {
      if (tokenHint) showHint(tokenHint, tokenSaid, output.dataset.status === "401");
      // NOTE: in projector mode the send form is above the diagram, whose frame is as high as
      // the window less what a projector has above it (projector.css); on a phone more lies
      // above it, so the frame ran past the window's foot, and the replay, followed in the
      // frame, played in that unseen part, the frame's top showing blank. Send's alone:
      // Repeat's answer is in the detail below the diagram, where the teacher reads it.
      if (replays && window.Pastescope.projector.on()) liveStack.showReplay();
    });
  });
})();
