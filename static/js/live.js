// The live page's wiring: stream messages htmx does not swap itself (new list rows, a trace to
// animate, the per-box figures), the request list's filters on live rows, and the request
// detail's Replay and Repeat buttons, and, while the tab presents to viewers, the request opened
// here shown to them. The stack picker is swapped by htmx-ext-sse; the Send form is
// send_form.js's, which posts and shows its answer through this file (`Pastescope.live`).
(function () {
  "use strict";

  // Rows kept in the list: two seconds' worth at 100 requests a second. Bounded, as each row is
  // memory, and style and layout work whenever rows arrive.
  const MAX_ROWS = 200;
  let player = null;

  function live() {
    return document.getElementById("live");
  }

  function currentStack() {
    return live() ? live().dataset.stack : "";
  }

  // -- figures on the boxes and hit counts in the route table --------------------------------

  // How far a box's figures may shrink below the size they are drawn at, in px, before they are
  // worded shorter: small enough to fit, still readable.
  const FIGURE_SHRINK = [0, 1, 2];

  // What a box's figures may say, most complete first; the key under the diagram names the
  // figures for the shortest wordings.
  function figureWordings(f) {
    // Two significant digits, without the zeros toPrecision pads with (0.0080 → 0.008).
    const short = (value) => (value < 10 ? String(Number(value.toPrecision(2))) : value.toFixed(0));
    const counts = f.requests + " req" + (f.errors ? " · " + f.errors + " err" : "");
    const p50 = short(f.p50);
    const p95 = short(f.p95);
    return [
      counts + " · p50 " + p50 + " · p95 " + p95 + " ms",
      counts + " · p50/p95 " + p50 + "/" + p95 + " ms",
      counts + " · " + p50 + "/" + p95 + " ms",
      counts,
    ];
  }

  function writeFigures(text, words, px) {
    text.setAttribute("font-size", px);
    text.textContent = words;
  }

  function fits(text) {
    return text.getComputedTextLength() <= parseFloat(text.dataset.room);
  }

  // Try each wording at each size until one fits the room the renderer left (`data-room`); the
  // first try is already written. Failing all, the shortest is pressed into the room.
  function fitFigures(text, tries) {
    for (let i = 1; i < tries.length && !fits(text); i++) writeFigures(text, ...tries[i]);
    if (fits(text)) return;
    text.setAttribute("textLength", text.dataset.room);
    text.setAttribute("lengthAdjust", "spacingAndGlyphs");
  }

  // How many boxes each node has in the diagram: a filter several pipelines list has one in
  // each of their lanes.
  function boxCounts() {
    const counts = {};
    document.querySelectorAll("#diagram .node[data-node]").forEach((box) => {
      counts[box.dataset.node] = (counts[box.dataset.node] || 0) + 1;
    });
    return counts;
  }

  // The figures of the box holding `text`: where its node is drawn in several boxes, those of
  // the hops that ran at this one — in its lane (`data-in`), at its place there (nthIn: a
  // filter a pipeline lists twice has two boxes in its lane) — as a replay lights the box
  // each hop ran at (boxes.js); else all of its node's.
  function boxFigures(figures, text, counts) {
    const node = text.dataset.stat;
    const box = text.closest(".node");
    const lane = box.dataset.in;
    if (!lane || counts[node] < 2) return figures.nodes[node];
    return ((figures.lanes[lane] || {})[node] || {})[window.Pastescope.nthIn(box.ownerSVGElement, box)];
  }

  // Each box's figures, written to fit in it. Every box gets its first wording first and is
  // measured after (one layout for all); only the few that overflow are written again.
  function applyFigures(figures) {
    if (!figures || figures.stack !== currentStack()) return;
    const written = [];
    const counts = boxCounts();
    document.querySelectorAll("#diagram [data-stat]").forEach((text) => {
      const f = boxFigures(figures, text, counts);
      const key = f ? [f.requests, f.errors, f.p50, f.p95].join(" ") : "";
      if (text.dataset.figures === key) return;
      text.dataset.figures = key;
      text.removeAttribute("textLength");
      text.removeAttribute("lengthAdjust");
      if (!f) {
        text.textContent = "";
        return;
      }
      const drawn = parseFloat(text.dataset.px || (text.dataset.px = text.getAttribute("font-size")));
      const tries = figureWordings(f)
        .flatMap((words) => FIGURE_SHRINK.map((less) => [words, drawn - less]));
      writeFigures(text, ...tries[0]);
      written.push([text, tries]);
    });
    written.forEach(([text, tries]) => fitFigures(text, tries));
    document.querySelectorAll("tr[data-route-node]").forEach((row) => {
      const methods = row.dataset.routeMethods.split(" ").filter(Boolean);
      let hits = 0;
      for (const [key, count] of Object.entries(figures.routes)) {
        const [node, method, ...rest] = key.split(" ");
        if (node === row.dataset.routeNode && rest.join(" ") === row.dataset.routeTemplate
            && (!methods.length || methods.includes(method))) hits += count;
      }
      row.querySelector("[data-route-hits]").textContent = hits;
    });
  }

  function applyInitialFigures() {
    const script = document.getElementById("initial-figures");
    if (script) applyFigures(JSON.parse(script.textContent));
  }

  // -- request list: filters also apply to rows that arrive live ------------------------------

  // The filters the list shows: those of the last list the dashboard answered (before any, the
  // form's as the page came). While what is typed is refused, the list stays as it was, and
  // rows arriving live are filtered like the rows they join.
  let shownFilters = null;

  function filtersOf(values) {
    return {
      stack: values.stack || "",
      method: values.method || "",
      status: (values.status || "").trim().toLowerCase(),
      path: values.path || "",
    };
  }

  function formFilters(form) {
    return filtersOf({ stack: form.elements.stack.value, method: form.elements.method.value,
      status: form.elements.status.value, path: form.elements.path.value });
  }

  function rowFilter() {
    const form = document.getElementById("request-filters");
    if (!form) return () => true;
    const { stack, method, status, path } = shownFilters || formFilters(form);
    return (row) => {
      if (stack && row.dataset.stack !== stack) return false;
      if (method && row.dataset.method !== method) return false;
      if (path && !row.dataset.path.includes(path)) return false;
      return !status || statusMatches(row, status);
    };
  }

  // A status filter as the dashboard reads it: lower case, its words one space apart.
  function statusWords(status) {
    return status.trim().toLowerCase().split(/\s+/).join(" ");
  }

  // As the dashboard filters (dashboard/store.py STATUS_WORDS): `404`, `4xx`, `error` for a row
  // an exception crossed a layer of, `no answer` (or `none`) for a row that says "no answer",
  // `pending` for one that says `—`, its end not known, `wsgi` for one a layer broke a WSGI
  // rule on (`serve --check-wsgi`).
  function statusMatches(row, status) {
    const code = row.dataset.status;
    const words = statusWords(status);
    const unanswered = code === "" && row.classList.contains("no-answer");
    if (words === "error") return row.hasAttribute("data-error");
    if (words === "wsgi") return row.hasAttribute("data-wsgi");
    if (words === "none" || words === "no answer") return unanswered;
    if (words === "pending") return code === "" && !unanswered;
    if (/^\dxx$/.test(status)) return code.length === 3 && code[0] === status[0];
    return code === status;
  }

  // Whether a status filter being typed is on its way to one the dashboard takes ("4" to
  // "404" or "4xx", "no" to "no answer"), not one yet: it is asked for once the user leaves
  // the box, not called wrong while they type.
  function halfTyped(status) {
    const words = statusWords(status);
    if (/^\d[\dx]?$/.test(words)) return true;
    return ["error", "none", "no answer", "pending", "wsgi"].some((word) => word !== words && word.startsWith(words));
  }

  // How long a half-typed status waits for the rest, once the user stops typing, before it is
  // asked for as it is: someone who typed "4" and stopped should hear why the list is unfiltered.
  const HALF_TYPED_PATIENCE = 2500;
  let halfTypedAsk = null;

  // A half-typed status asks nothing while typing (the list stays as it is) and says nothing
  // is wrong; leaving the box (htmx's `change` trigger), or a pause, asks, and a refusal says why.
  function holdHalfTyped(event) {
    const form = event.detail.elt;
    const typing = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (!form || form.id !== "request-filters") return;
    clearTimeout(halfTypedAsk);
    if (!typing || typing.type !== "input") return;
    const box = form.elements.status;
    if (typing.target !== box || !box.value.trim() || !halfTyped(box.value)) return;
    event.preventDefault();
    halfTypedAsk = setTimeout(() => htmx.trigger(form, "change"), HALF_TYPED_PATIENCE);
    form.querySelector("[data-filter-error]").hidden = true;
    form.querySelector("[data-filter-kept]").hidden = true;
    box.removeAttribute("aria-invalid");
  }

  // "No requests match" while the list's filters hide every row it holds; "No requests yet"
  // while, unfiltered, it holds none.
  function showNoMatch() {
    const note = document.querySelector("#requests [data-no-match]");
    const empty = document.querySelector("#requests [data-no-rows]");
    const rows = document.getElementById("rows");
    const form = document.getElementById("request-filters");
    if (!note || !empty || !rows || !form) return;
    const { stack, method, status, path } = shownFilters || formFilters(form);
    const filtered = Boolean(stack || method || status || path);
    empty.hidden = filtered || rows.rows.length > 0;
    let none = filtered;
    if (none) {
      for (const row of rows.rows) {
        if (!row.hidden) {
          none = false;
          break;
        }
      }
    }
    note.hidden = !none;
  }

  // Rows not yet filtered carry no data-filtered (a whole list the filter form just fetched, or
  // the page's first rows): rows that arrive live are filtered before they are inserted.
  function filterRows() {
    const rows = document.getElementById("rows");
    if (!rows) return;
    const keep = rowFilter();
    for (const row of rows.rows) {
      if (row.dataset.filtered) break;
      row.dataset.filtered = "1";
      row.hidden = !keep(row);
    }
    trimRows(rows);
    showNoMatch();
  }

  // The list's answer arrived: its filters are now the list's, or it was refused, and the
  // reason is shown beside the filters while the last good list stays.
  function listAnswered(xhr) {
    const form = document.getElementById("request-filters");
    if (!form) return;
    const error = form.querySelector("[data-filter-error]");
    const kept = form.querySelector("[data-filter-kept]");
    const refused = xhr.status >= 400;
    if (!refused) listShown(filtersOf(Object.fromEntries(new URL(xhr.responseURL).searchParams)));
    // The error answer is a fragment of escaped text (dashboard/errors.py): read, never inserted.
    const answer = document.createElement("template");
    answer.innerHTML = refused ? xhr.responseText : "";
    const reason = answer.content.textContent.trim() || "the dashboard answered " + xhr.status;
    error.textContent = refused ? reason : "";
    const status = (shownFilters || formFilters(form)).status;
    kept.textContent = refused
      ? "— the list is still " + (status ? "filtered by status " + status : "shown for any status")
      : "";
    error.hidden = kept.hidden = !refused;
    // NOTE: the reasons of dashboard/traces.py's list_filters name the parameter first.
    for (const field of form.querySelectorAll("input")) {
      const invalid = refused && reason.startsWith(field.name + " ");
      if (invalid) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    }
  }

  // The list's tools (compare.js's "Save these requests", its hints) follow the list shown.
  function listShown(filters) {
    shownFilters = filters;
    document.dispatchEvent(new CustomEvent("pastescope:list-shown", { detail: shownFilters }));
  }

  function trimRows(rows) {
    for (let extra = rows.rows.length - MAX_ROWS; extra > 0; extra--) rows.deleteRow(-1);
  }

  // New rows, newest first, arrive many times a second. Parsed once in an inert <template>,
  // filtered there, then inserted with the oldest trimmed in one DOM write that reads no
  // layout. htmx does not swap them: its swap and settle steps cost more than the rows.
  function addRows(html) {
    const rows = document.getElementById("rows");
    if (!rows) return;
    const template = document.createElement("template");
    template.innerHTML = html;
    const fresh = Array.from(template.content.children);
    const keep = rowFilter();
    for (const row of fresh) {
      row.dataset.filtered = "1";
      row.hidden = !keep(row);
    }
    insertByStart(rows, fresh);
    trimRows(rows);
    showNoMatch();
    sayArrived(fresh.filter((row) => !row.hidden).length);
    offerKept(fresh, "method");
    offerKept(fresh, "stack");
    // The diagram animates only what the list shows, of the stack it draws (newest first).
    if (player) {
      player.arrived(fresh.filter((row) => !row.hidden && row.dataset.stack === currentStack())
        .map((row) => row.dataset.trace));
    }
  }

  // "GET /v2.1/servers/999 → 404": a request as a screen reader hears it, arriving or replayed;
  // `status` in the dashboard's words (a row's status cell, a trace's `shown.status`). Shared
  // with player.js, whose caption (#now-playing) says a replayed request so: this file is
  // loaded wherever requests are said (the list's pages), boxes.js only where a diagram is.
  function requestSaid(method, path, status) {
    return (method || "?") + " " + (path || "?") + " → " + status;
  }
  window.Pastescope = Object.assign(window.Pastescope || {}, { requestSaid });

  // The request of a row of the list, as it shows it (requestSaid): its path as its link names
  // it, its status as its cell says it.
  function rowSaid(row) {
    return requestSaid(row.dataset.method, row.querySelector("td.path a").getAttribute("aria-label"),
      row.querySelector("td.status").textContent.trim().replace(/\s+/g, " "));
  }

  // Requests arriving, said to a screen reader: the first at once, then those of the next
  // SAY_EVERY_MS in one line, so a class's traffic (many a second) is not read out a row each.
  // Only rows the filters show count; the line names the newest the list shows.
  const SAY_EVERY_MS = 5000;
  let unsaid = 0;
  let sayLater = null;

  function sayArrived(count) {
    unsaid += count;
    if (unsaid && !sayLater) sayNow();
  }

  function sayNow() {
    const said = document.querySelector("#requests [data-rows-said]");
    const newest = document.querySelector("#rows tr:not([hidden])");
    sayLater = null;
    if (!unsaid || !said || !newest) return;
    const request = rowSaid(newest);
    said.textContent = unsaid === 1 ? "New request: " + request
      : unsaid + " new requests; the newest: " + request;
    unsaid = 0;
    sayLater = setTimeout(sayNow, SAY_EVERY_MS);
  }

  // The method and stack filters offer the methods and stacks of the requests kept
  // (templates/_request_list.html): a row of one a filter does not offer yet (a method sent as
  // typed, `get`, or by curl, `PURGE`; a stack just started) adds it. `name`: the filter's, and
  // the row's data-* attribute.
  function offerKept(fresh, name) {
    const select = document.querySelector('#request-filters select[name="' + name + '"]');
    if (!select) return;
    const offered = new Set(Array.from(select.options, (option) => option.value));
    for (const row of fresh) {
      const value = row.dataset[name];
      if (value && !offered.has(value)) {
        offered.add(value);
        select.add(new Option(value));
      }
    }
  }

  // Whether the list shows request `id` (a row of it that the filters do not hide): a request
  // waiting for its replay is dropped when the filters change to hide it.
  function listed(id) {
    const row = document.querySelector("#rows tr" + window.Pastescope.attr("data-trace", id));
    return !row || !row.hidden;
  }

  function started(row) {
    return Number(row.dataset.started);
  }

  // The list is newest first by when each request was served (its time), as the dashboard
  // lists it: new rows mostly go on top, and a request that ended after others that began
  // later (a slow one) goes below them, where a reload would show it.
  function insertByStart(rows, fresh) {
    fresh.sort((a, b) => started(b) - started(a));
    let at = 0;
    for (const row of fresh) {
      while (at < rows.rows.length && started(rows.rows[at]) > started(row)) at++;
      rows.insertBefore(row, rows.rows[at] || null);
      at++;
    }
  }

  // -- sending a request from the page: Send (send_form.js) and Repeat ------------------------

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
      output.append("no trace header");
    }
    if (result.cut) output.append(" · " + result.cut);
    if (result.differences && result.differences.length) output.append(differencesShown(result.differences));
    if (!result.trace || !player) return false;
    presentOnPlay(result.trace);
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
      // `name` in backticks is code, as the dashboard's own pages show it (dashboard/text.py).
      text.split("`").forEach((part, index) => {
        if (index % 2 === 0) {
          line.append(part);
        } else {
          const code = document.createElement("code");
          code.textContent = part;
          line.append(code);
        }
      });
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

  // For send_form.js: Send posts, answers and replays as Repeat does, on the stack drawn.
  window.Pastescope.live = { currentStack, post, showResult, showReplay };

  // -- the live stream down and back -----------------------------------------------------

  // A browser the stream cut off (it fell behind) is back within the stream's retry (500 ms):
  // only a stream down longer than this is said to be, so a cut-off does not flash the note.
  const STREAM_DOWN_MS = 1500;
  let streamDownTimer = null;

  // The stream failed (the dashboard stopped, or cut this browser off): the EventSource, or
  // htmx-ext-sse, reconnects on its own; the page says so while it is down.
  document.addEventListener("htmx:sseError", (event) => {
    const note = document.getElementById("stream-down");
    if (event.target !== live() || !note || !note.hidden || streamDownTimer) return;
    streamDownTimer = setTimeout(() => {
      streamDownTimer = null;
      note.hidden = false;
    }, STREAM_DOWN_MS);
  });

  document.addEventListener("htmx:sseOpen", (event) => {
    const note = document.getElementById("stream-down");
    if (event.target !== live() || !note) return;
    clearTimeout(streamDownTimer);
    streamDownTimer = null;
    note.hidden = true;
  });

  // -- stream messages --------------------------------------------------------------------

  document.addEventListener("htmx:sseBeforeMessage", (event) => {
    const id = event.target.id;
    if (id === "rows") {
      event.preventDefault();
      addRows(event.detail.data);
    } else if (id === "trace-feed") {
      event.preventDefault();
      if (player) player.offer(JSON.parse(event.detail.data));
    } else if (id === "figures-feed") {
      event.preventDefault();
      applyFigures(JSON.parse(event.detail.data));
    } else if (id === "loaded-feed") {
      event.preventDefault();
      refreshList();
    }
  });

  // "What would this URL hit?" drew its path on the live diagram: the replay stops rather than
  // draw another path over it (which.js clears its path when a replay starts).
  document.addEventListener("pastescope:which-drawn", (event) => {
    if (player && event.detail.svg === player.svg()) player.stop();
  });

  document.addEventListener("htmx:sseMessage", (event) => {
    if (event.target.id === "stack-picker") stacksChanged();
  });

  // The list again, with the filters it shows: requests loaded from a file (another tab's
  // "Load saved requests") are stored, not streamed as rows; the stream says a file was loaded.
  function refreshList() {
    const form = document.getElementById("request-filters");
    if (!form) return;
    const filters = Object.entries(shownFilters || formFilters(form)).filter(([, value]) => value);
    htmx.ajax("GET", form.getAttribute("hx-get") + "?" + new URLSearchParams(filters),
      { target: "#rows", swap: "innerHTML" });
  }

  function stacksChanged() {
    const picker = document.getElementById("stack-picker");
    markStack(currentStack());  // the stream draws the picker with no stack marked
    // The stack was started again with another graph (its ini edited): draw the new one.
    const item = picker.querySelector(window.Pastescope.attr("data-stack-item", currentStack()));
    const view = document.querySelector("#stack-view .stack-view");
    if (item && view && item.dataset.graph && view.dataset.graph
        && item.dataset.graph !== view.dataset.graph) {
      view.dataset.graph = item.dataset.graph;  // asked once
      // Drawn whole if it was ("show all"), not folded again under the reader who asked.
      const panel = new URLSearchParams({ view: "only", stack: currentStack() });
      if (view.dataset.all) panel.set("all", view.dataset.all);
      htmx.ajax("GET", "/?" + panel, { target: "#stack-view" });
    }
    // The first stacks to appear on a page opened with none: the one `/` would open now (the
    // picker marks it), not the picker's first by name, so a reload shows the same.
    const opens = picker.querySelector("[data-opens] [data-stack-link]");
    if (!currentStack() && opens && document.getElementById("no-stack")) {
      drawStack(opens.dataset.stackLink);
    }
  }

  document.addEventListener("htmx:beforeRequest", holdHalfTyped);

  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "rows") listAnswered(event.detail.xhr);
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.target.id === "stack-view") applyInitialFigures();
    if (event.target.id === "rows") filterRows();
  });

  // -- presenting to viewers: what the teacher opens here, the class sees (presenter.js) ------

  function present(id) {
    window.Pastescope.presenter.present(id);
  }

  // Sent or repeated, and replayed on the diagram: shown to the class once it plays (it may be
  // playing already, the stream quicker than the answer), as the dashboard may answer before it
  // holds the request's trace.
  let presentNext = null;

  function presentOnPlay(id) {
    if (player.trace && player.trace.trace === id) present(id);
    else presentNext = id;
  }

  document.addEventListener("pastescope:animate", (event) => {
    if (event.detail.trace !== presentNext) return;
    presentNext = null;
    present(event.detail.trace);
  });

  // Presenting turned on here (the player bar's "Present to viewers"): the class sees the
  // request whose detail is open, as if the teacher had just opened it.
  document.addEventListener("pastescope:presenting", (event) => {
    const opened = document.querySelector("#detail > .request-detail");
    if (event.detail.on && opened) present(opened.dataset.trace);
  });

  // -- clicks: a row shows its detail and animates its trace; detail buttons replay, repeat -----

  // How much of a detail must show at the foot of the window to count as in view: its heading.
  const HEADING_ROOM = 80;

  function headingInView(detail) {
    const top = detail.getBoundingClientRect().top;
    return top >= 0 && top <= window.innerHeight - HEADING_ROOM;
  }

  // A row clicked on Live replays its request on the diagram, and its detail loads beside the
  // diagram (a wide window) or below it (a projector, a narrow window). The replay is what
  // moves, so it is what the click brings into view: the player's line, then the diagram, with
  // the least scroll (what is above them stays in sight if it can). A detail beside it is in
  // view with it; one below is a click away ("Detail below"), as scrolling to it would leave
  // the replay playing out of sight.
  function showReplay() {
    const bar = document.getElementById("player");
    const frame = document.getElementById("diagram");
    if (!bar || !frame) return;
    const barTop = bar.getBoundingClientRect().top;
    const below = frame.getBoundingClientRect().bottom - window.innerHeight;
    if (barTop < 0) bar.scrollIntoView({ block: "start" });
    else if (below > 0) window.scrollBy(0, Math.min(below, barTop));
  }

  function offerDetail(detail) {
    const button = document.getElementById("to-detail");
    if (button) button.hidden = headingInView(detail);
  }

  // The replay a user asked for (a row, a Replay button), said once it starts: the replays the
  // traffic brings on its own are not, or a screen reader would read out every request.
  let asked = null;

  function replayAsked(id) {
    asked = id;
    player.playId(id, false);
  }

  // Replay in diagram, and a row clicked: a request of the stack drawn replays at once; one of
  // another stack (its row is in the list, which holds every stack's) on its own stack's
  // diagram, drawn first, or its hops would light the boxes of another pipeline. A promise of
  // whether it replays.
  function replayOn(stack, id) {
    if (!stack || stack === currentStack()) {
      replayAsked(id);
      return Promise.resolve(true);
    }
    return showStack(stack).then(() => {
      const frame = document.getElementById("diagram");
      if (!frame || frame.dataset.stack !== stack) return false;
      replayAsked(id);
      showReplay();
      return true;
    });
  }

  // Whether this page showed another stack in place (`showStack`): Back and Forward then load
  // the stack their address names, as after a click in the picker.
  let showedStack = false;

  // Show stack `name` as its link in the picker would (the address too), keeping the request
  // list and the detail in place; a promise of its diagram drawn.
  function showStack(name) {
    history.pushState(null, "", "/?stack=" + encodeURIComponent(name));
    showedStack = true;
    return drawStack(name);
  }

  // Draw stack `name` in place: the picker's mark, its diagram and its send form's presets; a
  // promise of its diagram drawn.
  function drawStack(name) {
    live().dataset.stack = name;
    markStack(name);
    return htmx.ajax("GET", "/?stack=" + encodeURIComponent(name), { target: "#stack-view" });
  }

  // Mark stack `name`'s link in the picker as the one shown (`aria-current`), and no other.
  function markStack(name) {
    document.querySelectorAll("#stack-picker [data-stack-link]").forEach((link) => {
      if (link.dataset.stackLink === name) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  }

  window.addEventListener("popstate", () => {
    if (showedStack) window.location.reload();
  });

  document.addEventListener("pastescope:animate", (event) => {
    const said = document.getElementById("replay-said");
    if (!player || !said || event.detail.trace !== asked) return;
    asked = null;
    const trace = player.trace;
    const row = document.querySelector("#rows tr" + window.Pastescope.attr("data-trace", trace.trace));
    said.textContent = "Replaying "
      + (row ? rowSaid(row) : requestSaid(trace.method, trace.shown.path, trace.shown.status));
  });

  // One listener for every row, however it arrived (rows carry no hx-get: htmx would have to
  // process each of the hundreds of rows a second that stream in). A row's time is a button
  // (Enter, Space) whose click is the row's.
  document.addEventListener("click", (event) => {
    const row = event.target.closest("#rows tr[data-trace]");
    if (row && !event.target.closest("a")) {
      const detail = document.getElementById("detail");
      const toDetail = document.getElementById("to-detail");
      const replays = Boolean(player && player.svg());
      const drawn = row.dataset.stack === currentStack();
      if (toDetail) toDetail.hidden = true;
      present(row.dataset.trace);
      const replayed = replays
        ? replayOn(row.dataset.stack, row.dataset.trace) : Promise.resolve(false);
      if (replays && drawn) showReplay();
      const shown = htmx.ajax("GET", "/requests/" + encodeURIComponent(row.dataset.trace),
        { target: detail });
      Promise.all([replayed, shown]).then(([played]) => {
        if (played) {
          offerDetail(detail);
          return;
        }
        // Nothing replays (/requests, a stack that could not be drawn): the detail is drawn
        // far from the row clicked, and is brought into view, or the click seems to do
        // nothing; its top, where it says which request it is, unless already in view.
        if (!headingInView(detail)) detail.scrollIntoView({ block: "start" });
      });
    }
    if (event.target.closest("#to-detail")) {
      event.target.closest("#to-detail").hidden = true;
      document.getElementById("detail").scrollIntoView({ block: "start" });
    }
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const output = button.parentElement.querySelector("output");
    if (button.dataset.action === "replay" && player) replayOn(button.dataset.stack, button.dataset.trace);
    if (button.dataset.action === "repeat") {
      post("/api/traces/" + encodeURIComponent(button.dataset.trace) + "/repeat", {}, output);
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.getElementById("player");
    if (root && window.Pastescope && window.Pastescope.Player) {
      player = new window.Pastescope.Player(root);
      player.listed = listed;
      window.Pastescope.player = player;
      document.getElementById("speed").addEventListener("change", (event) => {
        root.dataset.speed = event.target.value;
      });
      document.getElementById("replay").addEventListener("click", () => {
        asked = player.trace && player.trace.trace;
        player.replay();
      });
    }
    // A request's own page: the class sees it.
    const opened = document.querySelector("#detail > .request-detail");
    if (opened) present(opened.dataset.trace);
    // "Detail below" goes once the detail is in sight, however it got there.
    const detail = document.getElementById("detail");
    const toDetail = document.getElementById("to-detail");
    if (detail && toDetail && window.IntersectionObserver) {
      new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) toDetail.hidden = true;
      }, { rootMargin: "0px 0px -" + HEADING_ROOM + "px 0px" }).observe(detail);
    }
    applyInitialFigures();
    const filters = document.getElementById("request-filters");
    if (filters) listShown(formFilters(filters));
    filterRows();
  });
})();
