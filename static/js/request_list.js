// Live's request list, and the /requests page's: rows arriving by the stream (filtered as the
// rows they join, in order of when each request was served, the oldest trimmed, said to a screen
// reader), the filters (a status half typed waits; a refusal is said while the last list stays;
// the stack filter offers each stack announced), and the list fetched again. live.js hands it the
// stream's rows and stack pickers, and htmx's answers.
(function () {
  "use strict";

  // Rows kept in the list: two seconds' worth at 100 requests a second. Bounded, as each row is
  // memory, and style and layout work whenever rows arrive.
  const MAX_ROWS = 200;

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

  // The filters of the list shown (`shownFilters`), or, before the dashboard answered any, of
  // the form `form` as the page came.
  function listFilters(form) {
    return shownFilters || formFilters(form);
  }

  function rowFilter() {
    const form = document.getElementById("request-filters");
    if (!form) return () => true;
    const { stack, method, status, path } = listFilters(form);
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

  // As the dashboard filters (dashboard/store_filters.py STATUS_WORDS): `404`, `4xx`, `error`
  // for a row an exception crossed a layer of, `no answer` (or `none`) for a row that says "no
  // answer", `pending` for one that says `—`, its end not known, `wsgi` for one a layer broke a
  // WSGI rule on (`serve --check-wsgi`).
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
    const { stack, method, status, path } = listFilters(form);
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

  // The header of a list fetched (dashboard/stream.py's STREAM_ID_HEADER).
  const STREAM_ID_HEADER = "X-Pastescope-Stream-Id";

  // The list's answer arrived: its filters are now the list's, or it was refused, and the
  // reason is shown beside the filters while the last good list stays.
  function listAnswered(xhr) {
    const form = document.getElementById("request-filters");
    if (!form) return;
    const error = form.querySelector("[data-filter-error]");
    const kept = form.querySelector("[data-filter-kept]");
    const refused = xhr.status >= 400;
    if (!refused) {
      // The stream's id the list is current as of (live_subscription.js resumes after it).
      document.getElementById("rows").dataset.streamId = xhr.getResponseHeader(STREAM_ID_HEADER) || "";
      listShown(filtersOf(Object.fromEntries(new URL(xhr.responseURL).searchParams)));
    }
    // The error answer is a fragment of escaped text (dashboard/errors.py): read, never inserted.
    const answer = document.createElement("template");
    answer.innerHTML = refused ? xhr.responseText : "";
    const reason = answer.content.textContent.trim() || "the dashboard answered " + xhr.status;
    error.textContent = refused ? reason : "";
    const status = listFilters(form).status;
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

  // The list as the page came: the filters its form shows are those of its rows.
  function listCame() {
    const form = document.getElementById("request-filters");
    if (form) listShown(formFilters(form));
  }

  function trimRows(rows) {
    for (let extra = rows.rows.length - MAX_ROWS; extra > 0; extra--) rows.deleteRow(-1);
  }

  // New rows, newest first, arrive many times a second. Parsed once in an inert <template>,
  // filtered there, then inserted with the oldest trimmed in one DOM write that reads no
  // layout. htmx does not swap them: its swap and settle steps cost more than the rows. A row
  // the list already holds is not listed twice: a list (the page's, or one fetched again) may
  // hold a request whose row the stream sends after it (live_subscription.js resumes the
  // stream after the message the dashboard said the list is current as of, read before the
  // list, so that none published while it was read is lost).
  function addRows(html) {
    const rows = document.getElementById("rows");
    if (!rows) return;
    const template = document.createElement("template");
    template.innerHTML = html;
    const listed = new Set(Array.from(rows.rows, (row) => row.dataset.trace));
    const fresh = Array.from(template.content.children).filter((row) => !listed.has(row.dataset.trace));
    if (!fresh.length) return;
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
    const { player, liveStack } = window.Pastescope;
    if (player) {
      player.arrived(fresh.filter((row) => !row.hidden && row.dataset.stack === liveStack.current())
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
    offer(name, fresh.map((row) => row.dataset[name]));
  }

  // The stack picker the stream sends as a stack announces itself or stops (its `stacks`
  // message): the stack filter offers each stack it names. A list filtered to one stack is sent
  // no other stack's rows (live_subscription.js), which would have added a new stack.
  function offerStacks(html) {
    const picker = document.createElement("template");
    picker.innerHTML = html;
    offer("stack", Array.from(picker.content.querySelectorAll("[data-stack-item]"),
      (item) => item.dataset.stackItem));
  }

  // The filter `name` offers each of `values` ("" none) it does not offer yet.
  function offer(name, values) {
    const select = document.querySelector('#request-filters select[name="' + name + '"]');
    if (!select) return;
    const offered = new Set(Array.from(select.options, (option) => option.value));
    for (const value of values) {
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

  // The list again, with the filters it shows: requests loaded from a file (another tab's
  // "Load saved requests") are stored, not streamed as rows; the stream says a file was loaded.
  function refreshList() {
    const form = document.getElementById("request-filters");
    if (!form) return;
    const filters = Object.entries(listFilters(form)).filter(([, value]) => value);
    htmx.ajax("GET", form.getAttribute("hx-get") + "?" + new URLSearchParams(filters),
      { target: "#rows", swap: "innerHTML" });
  }

  window.Pastescope.requestList = {
    addRows, filterRows, holdHalfTyped, listAnswered, listCame, listed, offerStacks, refresh: refreshList,
    rowSaid,
  };
})();
