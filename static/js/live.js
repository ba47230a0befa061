// The live page's wiring, and the request pages': stream messages htmx does not swap itself
// (new list rows, request_list.js's; a trace to animate, the player's; the per-box figures,
// live_figures.js's), the stream down and back, htmx's answers to the request list, a row
// clicked (its detail shown, its trace replayed, on its own stack's diagram: live_stack.js
// draws it), the detail's Replay and Repeat buttons (Repeat posts through send_answer.js), and,
// while the tab presents to viewers, the request opened here shown to them. The stack picker is
// swapped by htmx-ext-sse; the Send form is send_form.js's. The pages load those files before
// this one.
(function () {
  "use strict";
  const { figures, liveStack, presenter, requestList, sendAnswer } = window.Pastescope;
  let player = null;

  // -- the live stream down and back -----------------------------------------------------

  // A browser the stream cut off (it fell behind) is back within the stream's retry (500 ms):
  // only a stream down longer than this is said to be, so a cut-off does not flash the note.
  const STREAM_DOWN_MS = 1500;
  let streamDownTimer = null;

  // The stream failed (the dashboard stopped, or cut this browser off): the EventSource, or
  // htmx-ext-sse, reconnects on its own; the page says so while it is down.
  document.addEventListener("htmx:sseError", (event) => {
    const note = document.getElementById("stream-down");
    if (event.target.id !== "live" || !note || !note.hidden || streamDownTimer) return;
    streamDownTimer = setTimeout(() => {
      streamDownTimer = null;
      note.hidden = false;
    }, STREAM_DOWN_MS);
  });

  document.addEventListener("htmx:sseOpen", (event) => {
    const note = document.getElementById("stream-down");
    if (event.target.id !== "live" || !note) return;
    clearTimeout(streamDownTimer);
    streamDownTimer = null;
    note.hidden = true;
  });

  // -- stream messages --------------------------------------------------------------------

  document.addEventListener("htmx:sseBeforeMessage", (event) => {
    const id = event.target.id;
    if (event.detail.type === "stacks") requestList.offerStacks(event.detail.data);
    if (id === "rows") {
      event.preventDefault();
      requestList.addRows(event.detail.data);
    } else if (id === "trace-feed") {
      event.preventDefault();
      if (player) player.offer(JSON.parse(event.detail.data));
    } else if (id === "figures-feed") {
      event.preventDefault();
      figures.apply(JSON.parse(event.detail.data));
    } else if (id === "loaded-feed" || id === "gap-feed") {
      // A file was loaded (its requests are stored, not streamed), or the page was away longer
      // than the stream's history holds (the rows it missed are no longer there to replay):
      // the list again, as a filter change asks for it, current as of a fresh stream id.
      event.preventDefault();
      requestList.refresh();
    }
  });

  // "What would this URL hit?" drew its path on the live diagram: the replay stops rather than
  // draw another path over it (which.js clears its path when a replay starts).
  document.addEventListener("pastescope:which-drawn", (event) => {
    if (player && event.detail.svg === player.svg()) player.stop();
  });

  // An answer redrew the diagram (a branch drawn, or one taken off): its new boxes get their
  // figures.
  document.addEventListener("htmx:oobAfterSwap", (event) => {
    if (event.detail.target.id === "diagram") figures.applyAgain();
  });

  document.addEventListener("htmx:sseMessage", (event) => {
    if (event.target.id === "stack-picker") liveStack.changed();
  });

  document.addEventListener("htmx:beforeRequest", requestList.holdHalfTyped);

  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "rows") requestList.listAnswered(event.detail.xhr);
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.target.id === "stack-view") figures.applyInitial();
    if (event.target.id === "rows") requestList.filterRows();
  });

  // -- presenting to viewers: what the teacher opens here, the class sees (presenter.js) ------

  // Presenting turned on here (the player bar's "Present to viewers"): the class sees the
  // request whose detail is open, as if the teacher had just opened it.
  document.addEventListener("pastescope:presenting", (event) => {
    const opened = document.querySelector("#detail > .request-detail");
    if (event.detail.on && opened) presenter.present(opened.dataset.trace);
  });

  // -- clicks: a row shows its detail and animates its trace; detail buttons replay, repeat -----

  // How much of a detail must show at the foot of the window to count as in view: its heading.
  const HEADING_ROOM = 80;

  // Its heading in sight: below the page's sticky header, and HEADING_ROOM above the foot.
  function headingInView(detail) {
    const top = detail.getBoundingClientRect().top;
    return top >= liveStack.headerCover() && top <= window.innerHeight - HEADING_ROOM;
  }

  // Hide `toDetail` once `detail` is in sight: below the page's sticky header, and HEADING_ROOM
  // above the foot. The header grows or shrinks where the window crosses the phone breakpoint
  // (dashboard.css's --top-bar), so the observer is made again when its height changes: made
  // once, it took a detail hidden under a taller header for one in sight, and hid the button.
  function watchDetail(detail, toDetail) {
    let cover = null;
    let observer = null;
    const watch = () => {
      if (liveStack.headerCover() === cover) return;
      cover = liveStack.headerCover();
      if (observer) observer.disconnect();
      observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) toDetail.hidden = true;
      }, { rootMargin: "-" + cover + "px 0px -" + HEADING_ROOM + "px 0px" });
      observer.observe(detail);
    };
    watch();
    window.addEventListener("resize", watch);
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
    if (!stack || stack === liveStack.current()) {
      replayAsked(id);
      return Promise.resolve(true);
    }
    return liveStack.show(stack).then(() => {
      const frame = document.getElementById("diagram");
      if (!frame || frame.dataset.stack !== stack) return false;
      replayAsked(id);
      liveStack.showReplay();
      return true;
    });
  }

  document.addEventListener("pastescope:animate", (event) => {
    const said = document.getElementById("replay-said");
    if (!player || !said || event.detail.trace !== asked) return;
    asked = null;
    const trace = player.trace;
    const row = document.querySelector("#rows tr" + window.Pastescope.attr("data-trace", trace.trace));
    said.textContent = "Replaying "
      + (row ? requestList.rowSaid(row)
        : window.Pastescope.requestSaid(trace.method, trace.shown.path, trace.shown.status));
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
      const drawn = row.dataset.stack === liveStack.current();
      if (toDetail) toDetail.hidden = true;
      presenter.present(row.dataset.trace);
      const replayed = replays
        ? replayOn(row.dataset.stack, row.dataset.trace) : Promise.resolve(false);
      if (replays && drawn) liveStack.showReplay();
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
      sendAnswer.post("/api/traces/" + encodeURIComponent(button.dataset.trace) + "/repeat", {}, output);
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.getElementById("player");
    if (root && window.Pastescope.Player) {
      player = new window.Pastescope.Player(root);
      player.listed = requestList.listed;
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
    if (opened) presenter.present(opened.dataset.trace);
    // "Detail below" goes once the detail is in sight, however it got there.
    const detail = document.getElementById("detail");
    const toDetail = document.getElementById("to-detail");
    if (detail && toDetail && window.IntersectionObserver) watchDetail(detail, toDetail);
    figures.applyInitial();
    requestList.listCame();
    requestList.filterRows();
  });
})();
