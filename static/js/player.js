// Replays one trace's events on the diagram, slowed to human pace.
//
// Real hops take microseconds, so the animation is a replay: one step per event, every
// STEP_MS / speed milliseconds, toggling classes on the diagram's `[data-node]` boxes
// (active, visited, status-2xx/4xx/5xx or raised, short-circuit, dim) and printing each
// layer's real duration in its `[data-timing]` text. State lives in data-* attributes on
// #player, so CSS, this script and browser tests read the same thing. Boxes are found and lit
// with boxes.js, and each event's line of the hop list is hop_list.js's: the page loads both
// first. The request is said as the list says it
// (`requestSaid`, from request_list.js) and the stack drawn is live_stack.js's: live.js makes
// the player, so they have run by the time one plays.
// Paths and route arguments are printed as the dashboard words them for every page (`shown`, from dashboard/timeline.py's `shown_trace`): a
// trace comes with them, by the stream or from /api/traces/ID/shown. Where the user asks for less
// motion (prefers-reduced-motion), a replay nobody asked to watch (a request arriving, one sent,
// a row clicked) shows the request's end at once, every hop lit with its status; Replay plays it
// hop by hop, on demand.
(function () {
  "use strict";

  const STEP_MS = 420;
  const {
    attr, clearHops, dimAll, durationText, hopWords, keptFrom, lightRoute, logHop, markLeft, matchedRoute,
    showInFrame, Spans, visitEdgesInto,
  } = window.Pastescope;

  // The pause between one live replay's end and the next's start: the end is seen before the
  // diagram dims again.
  const NEXT_GAP_MS = 600;
  // How long a row that arrived waits for its trace to come by the stream (it comes in the same
  // write, just after) before it is fetched: the stream sends a stack's newest trace only, and
  // the newest may be one the list's filters hide.
  const TRACE_PATIENCE_MS = 250;
  // Traces kept from the stream, to play without fetching them when their turn comes.
  const KEPT_TRACES = 20;
  const LESS_MOTION = window.matchMedia("(prefers-reduced-motion: reduce)");

  // A trace as the pages show it, or null: not (yet) stored, or no answer at all — the
  // dashboard stopped, which the page says already (live.js): a replay missed then is no error.
  function shownTrace(id) {
    return fetch("/api/traces/" + encodeURIComponent(id) + "/shown")
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null);
  }

  class Player {
    constructor(root) {
      this.root = root;
      this.timer = null;
      this.trace = null;   // the trace being (or last) played
      this.pinned = false; // pinned traces (sent, clicked, Replay) are only ended by another
      this.next = null;    // the id of the newest request the list shows that waits to play
      this.waiting = 0;    // how many such requests arrived while one played
      this.starting = null; // the timer that plays `next` (after a replay, or its trace's wait)
      this.patient = false; // `starting` only waits for the trace of `next`
      this.kept = new Map(); // trace id → trace, as the stream sent them
      this.awaited = null; // a trace id we sent and wait for
      // Whether the list shows a request (request_list.js: its row is not hidden by the
      // filters); one that has stopped being shown is not played when its turn comes.
      this.listed = () => true;
    }

    svg() {
      return document.querySelector("#diagram svg");
    }

    stack() {
      return window.Pastescope.liveStack.current();
    }

    // A live replay plays to its end: requests that arrive meanwhile do not cut it off (a
    // class could read none of them), nor do they end a pinned one; the newest waits, and plays
    // next. `busy`: a replay is playing, or the next one is about to start.
    busy() {
      return this.root.dataset.state === "playing" || this.starting !== null;
    }

    // A trace arrived by SSE: kept until its turn. The one we sent plays at once; else the
    // newest request the list shows, which `arrived` named, plays unless a replay is running.
    offer(trace) {
      if (trace.stack !== this.stack()) return;
      this.kept.set(trace.trace, trace);
      if (this.kept.size > KEPT_TRACES) this.kept.delete(this.kept.keys().next().value);
      if (this.awaited === trace.trace) {
        this.awaited = null;
        this.play(trace, true);
        return;
      }
      if (trace.trace === this.next && this.patient) this.startNext(0);
    }

    // Requests of this stack the list shows arrived (request_list.js), newest first: while a
    // replay runs they are counted and the newest waits; else the newest plays once its trace
    // is here.
    arrived(ids) {
      const fresh = ids.filter((id) => !this.trace || id !== this.trace.trace);
      if (!fresh.length) return;
      this.next = fresh[0];
      if (this.busy()) {
        this.waiting += fresh.length;
        this.showWaiting();
        return;
      }
      this.startNext(this.kept.has(this.next) ? 0 : TRACE_PATIENCE_MS, true);
    }

    // Play `next` after `delay` ms: from the stream's copy, else fetched. `patient`: the delay
    // only waits for its trace, and ends when the trace comes.
    startNext(delay, patient = false) {
      clearTimeout(this.starting);
      this.patient = patient;
      this.starting = setTimeout(() => {
        this.starting = null;
        this.patient = false;
        const id = this.next;
        this.next = null;
        this.waiting = 0;
        this.showWaiting();
        if (!id || !this.listed(id)) return;
        const trace = this.kept.get(id);
        if (trace) {
          this.play(trace, false);
          return;
        }
        shownTrace(id).then((fetched) => {
          if (fetched && fetched.stack === this.stack() && !this.busy()) this.play(fetched, false);
        });
      }, delay);
    }

    // "3 more requests arrived meanwhile; the newest plays next", beside what is playing: an
    // item of #player's row, set apart by its gap, with no "·" of its own, which began the line
    // where the row wrapped it under what is playing (a laptop's narrow diagram column).
    showWaiting() {
      this.root.dataset.waiting = String(this.next ? this.waiting : 0);
      const note = document.getElementById("waiting");
      if (!note) return;
      note.hidden = !this.next || !this.waiting;
      note.textContent = this.waiting + " more "
        + (this.waiting === 1 ? "request arrived" : "requests arrived")
        + " meanwhile; the newest plays next";
    }

    // Play a trace by id (a row clicked, a request sent), fetching it if it is not here yet.
    playId(traceId, wait) {
      if (this.trace && this.trace.trace === traceId && this.root.dataset.state === "playing") {
        this.pinned = true; // the stream was quicker than the answer to our send: keep going
        return;
      }
      this.awaited = traceId;
      const deadline = Date.now() + (wait ? 5000 : 0);
      const attempt = () => {
        if (this.awaited !== traceId) return; // the stream delivered it first
        shownTrace(traceId).then((trace) => {
          if (!trace) {
            if (Date.now() < deadline) setTimeout(attempt, 150);
          } else if (this.awaited === traceId) {
            this.awaited = null;
            this.play(trace, true);
          }
        });
      };
      setTimeout(attempt, wait ? 250 : 0);
    }

    // Requests still waiting (`next`) play after this one, a pinned one too. The trace playing
    // now is never started again: a sent request can reach here twice, once as the list's
    // newest row and once as the send's answer, each fetched, and the second start cut the
    // first off part way. `stepwise`: hop by hop, unless the user asked for less motion.
    play(trace, pinned, stepwise = !LESS_MOTION.matches) {
      const svg = this.svg();
      if (!svg) return;
      if (this.trace && this.trace.trace === trace.trace && this.root.dataset.state === "playing") {
        this.pinned = this.pinned || pinned;
        return;
      }
      clearTimeout(this.timer);
      clearTimeout(this.starting);
      this.starting = null;
      this.patient = false;
      if (this.next === trace.trace) this.next = null;
      // "N more arrived meanwhile" counts those that came while this replay plays: one started
      // by a row click or a Send counts afresh (said 18 at once, the arrivals of earlier
      // replays). The newest still plays next, and the note keeps saying so: it counts that
      // one, or a queued request played with nothing said before it.
      this.waiting = this.next ? 1 : 0;
      this.showWaiting();
      this.trace = trace;
      this.pinned = pinned;
      this.reset(svg);
      this.spans = new Spans(svg);
      this.steps = trace.events.slice();
      this.index = 0;
      this.order = 0;
      this.missing = false;
      this.folded = null; // the composite whose branch left out of the diagram the request took
      this.root.dataset.trace = trace.trace;
      this.root.dataset.state = "playing";
      this.root.dataset.status = trace.status === null || trace.status === undefined ? "" : trace.status;
      this.say(window.Pastescope.requestSaid(trace.method, trace.shown.path, "…"));
      const replay = document.getElementById("replay");
      if (replay) replay.disabled = false;
      document.dispatchEvent(new CustomEvent("pastescope:animate", { detail: { trace: trace.trace } }));
      if (stepwise) this.tick();
      else this.jump(svg);
    }

    // Replay was pressed: the user asked to watch it move.
    replay() {
      if (this.trace) this.play(this.trace, true, true);
    }

    // Stop replaying and undo what the replay drew: another drawing has taken the diagram
    // ("What would this URL hit?"), and two paths on one diagram would read as one. The next
    // request, or Replay, plays again.
    stop() {
      clearTimeout(this.timer);
      clearTimeout(this.starting);
      this.starting = null;
      this.next = null;
      this.waiting = 0;
      this.showWaiting();
      this.pinned = false;
      this.awaited = null;
      const svg = this.svg();
      if (svg) this.reset(svg, false);
      if (this.root.dataset.state === "idle") return;
      this.root.dataset.state = "stopped";
      this.say("Replay cleared: the diagram shows the path of “What would this URL hit?”");
    }

    // Dim the diagram again (or, `dim` false, leave it as drawn) and its timings, clear the
    // route table and the hop list.
    reset(svg, dim = true) {
      dimAll(svg, dim);
      document.querySelectorAll("[data-route-node].hit").forEach((row) => row.classList.remove("hit"));
      clearHops();
    }

    tick() {
      const svg = this.svg();
      if (!svg || this.index >= this.steps.length) {
        this.finish();
        return;
      }
      const event = this.steps[this.index++];
      this.apply(svg, event);
      const speed = parseFloat(this.root.dataset.speed) || 1;
      this.timer = setTimeout(() => this.tick(), STEP_MS / speed);
    }

    // Every step at once: the request as it ended.
    jump(svg) {
      while (this.index < this.steps.length) this.apply(svg, this.steps[this.index++]);
      this.finish();
    }

    // What `event` does to the diagram and the route table; and its line in the hop list
    // (hop_list.js), with a second line the first time a box the request entered is not drawn.
    apply(svg, event) {
      const data = event.data || {};
      let note = "";
      switch (event.kind) {
        case "composite.dispatch": {
          const edges = this.spans.dispatch(event.node, data.target, data.label);
          edges.forEach((edge) => edge.classList.add("active"));
          // A composite with many branches is drawn with the first few and an "and K more" link
          // (dashboard/diagram_fold.py): the boxes of a branch left out are not there to light.
          if (!edges.length && svg.querySelector(".more" + attr("data-folded", event.node || ""))) {
            this.folded = event.node;
          }
          break;
        }
        case "node.enter": {
          const box = this.spans.enter(event.span, event.node, event.parent, event.place);
          const lane = (event.place || [])[0];
          svg.querySelectorAll(".edge.active").forEach((edge) => edge.classList.remove("active"));
          if (box) {
            box.classList.remove("dim");
            box.classList.add("active", "visited");
            box.dataset.visitOrder = String(++this.order);
            // A projector or a phone draws the diagram larger than its frame: the frame
            // follows the request (it moves only when the box is out of sight).
            showInFrame(box);
          }
          visitEdgesInto(svg, event.node, this.spans.picked, lane);
          if (!box && event.node && !this.missing) {
            this.missing = true;
            note = "(" + event.node + this.notDrawn(svg, lane) + ")";
          }
          break;
        }
        case "route.match": {
          // `route_row`: the row of its router's table the dashboard found it matched.
          const matched = { ...data, row: event.route_row };
          this.markRoute(event.node, matched);
          lightRoute(svg, event.node, matched);
          break;
        }
        case "route.miss":
          this.markRoute(event.node, { template: "(no route)", method: data.method });
          break;
        case "node.leave": {
          const box = this.spans.box(event.span);
          if (box) {
            box.classList.remove("active");
            markLeft(box, data.status, data.short_circuit, event.outcome, event.refused);
            const timing = box.querySelector("[data-timing]");
            if (timing) timing.textContent = durationText(data.duration_ms);
            // A short circuit brings the layers it kept from running into the frame with it, as
            // the step view does: they stay dark, and the class sees that they do. The frame
            // moves again only as a hop is entered, and none is on the way back out.
            if (data.short_circuit) showInFrame(box, keptFrom(svg, box));
          }
          break;
        }
        case "request.end":
          this.say(window.Pastescope.requestSaid(this.trace.method, this.trace.shown.path, this.trace.shown.status)
            + " in " + durationText(data.duration_ms));
          break;
      }
      logHop(event, hopWords(event));
      if (note) logHop(event, note);
    }

    // Why a box the request entered in lane `lane` (its `place`'s) is not on the diagram, said
    // once: a branch the diagram leaves out; a filter of a long pipeline's lane drawn by its
    // ends (dashboard/diagram_fold.py `fold_lanes`: an "and K more filters" box stands for the
    // rest); another stack's request; or one its stack served with another graph (the
    // dashboard says so: `graph_changed`, from /api/traces/ID/shown).
    notDrawn(svg, lane) {
      if (this.folded) {
        return " is in a branch of " + this.folded + " this diagram leaves out: its “show all” "
          + "link draws every branch";
      }
      if (lane && svg.querySelector(".more" + attr("data-folded", lane))) {
        return " is among the filters of " + lane + " this diagram folds: its “show all” draws them";
      }
      if (this.trace.stack !== this.stack()) {
        return " is not on this diagram: this request is the stack " + this.trace.stack
          + "'s, and the diagram draws " + this.stack() + "'s";
      }
      if (this.trace.graph_changed) {
        return " is not on this diagram: the stack's graph has changed since this request; "
          + "its Steps page draws the graph it went through";
      }
      return " is not on this diagram";
    }

    // Mark the route table's row the request matched (matchedRoute; `data` its route.match
    // event's with its `row`, or the `(no route)` row's template and the method of a miss):
    // one, though routes may share a template, and a method too.
    markRoute(node, data) {
      const row = matchedRoute(document.querySelectorAll("[data-route-node]"
        + attr("data-route-node", node || "") + attr("data-route-template", data.template)), data);
      if (row) row.classList.add("hit");
    }

    finish() {
      this.root.dataset.state = "done";
      this.pinned = false;
      if (this.next) this.startNext(NEXT_GAP_MS);
    }

    say(text) {
      const label = document.getElementById("now-playing");
      if (label) label.textContent = text;
    }
  }

  window.Pastescope.Player = Player;
})();
