// Replays one trace's events on the diagram, slowed to human pace.
//
// Real hops take microseconds, so the animation is a replay: one step per event, every
// STEP_MS / speed milliseconds, toggling classes on the diagram's `[data-node]` boxes
// (active, visited, status-2xx/4xx/5xx, short-circuit, dim) and printing each layer's real
// duration in its `[data-timing]` text. State lives in data-* attributes on #player, so CSS,
// this script and browser tests read the same thing.
(function () {
  "use strict";

  const STEP_MS = 420;
  const STATUS_CLASSES = ["status-2xx", "status-3xx", "status-4xx", "status-5xx"];
  const NODE_CLASSES = ["active", "visited", "dim", "short-circuit"].concat(STATUS_CLASSES);

  function statusClass(status) {
    return status === null || status === undefined ? "status-5xx" : "status-" + Math.floor(status / 100) + "xx";
  }

  function ms(value) {
    if (value === null || value === undefined) return "";
    return value < 1 ? value.toFixed(3) + " ms" : value < 100 ? value.toFixed(2) + " ms" : value.toFixed(0) + " ms";
  }

  function attr(name, value) {
    return "[" + name + '="' + CSS.escape(value) + '"]';
  }

  class Player {
    constructor(root) {
      this.root = root;
      this.timer = null;
      this.trace = null;   // the trace being (or last) played
      this.pinned = false; // pinned traces (sent, clicked) play to the end
      this.pending = null; // the newest live trace that arrived during a pinned one
      this.awaited = null; // a trace id we sent and wait for
    }

    svg() {
      return document.querySelector("#diagram svg");
    }

    stack() {
      const live = document.getElementById("live");
      return live ? live.dataset.stack : "";
    }

    // A live trace arrived by SSE: play it unless a pinned replay is running.
    offer(trace) {
      if (trace.stack !== this.stack()) return;
      if (this.awaited === trace.trace) {
        this.awaited = null;
        this.play(trace, true);
        return;
      }
      if (this.trace && this.trace.trace === trace.trace) return;
      if (this.pinned && this.root.dataset.state === "playing") {
        this.pending = trace;
        return;
      }
      this.play(trace, false);
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
        fetch("/api/traces/" + encodeURIComponent(traceId)).then((response) => {
          if (response.ok) return response.json();
          if (Date.now() < deadline) setTimeout(attempt, 150);
          return null;
        }).then((trace) => {
          if (trace && this.awaited === traceId) {
            this.awaited = null;
            this.play(trace, true);
          }
        });
      };
      setTimeout(attempt, wait ? 250 : 0);
    }

    play(trace, pinned) {
      const svg = this.svg();
      if (!svg) return;
      clearTimeout(this.timer);
      this.trace = trace;
      this.pinned = pinned;
      this.pending = null;
      this.reset(svg);
      this.spanNodes = {};
      this.spanParents = {};
      this.spanBoxes = {};
      this.steps = trace.events.slice();
      this.index = 0;
      this.order = 0;
      this.root.dataset.trace = trace.trace;
      this.root.dataset.state = "playing";
      this.root.dataset.status = trace.status === null || trace.status === undefined ? "" : trace.status;
      this.say((trace.method || "") + " " + (trace.path || "") + " → …");
      const replay = document.getElementById("replay");
      if (replay) replay.disabled = false;
      document.dispatchEvent(new CustomEvent("pastescope:animate", { detail: { trace: trace.trace } }));
      this.tick();
    }

    replay() {
      if (this.trace) this.play(this.trace, true);
    }

    // Dim the diagram again. Under load a new trace starts every few tens of milliseconds:
    // only boxes and edges the last replay lit are touched (a class that goes and comes back
    // still costs a style and paint of the box), so the rest of the diagram is not repainted.
    reset(svg) {
      svg.querySelectorAll(".node[data-node]:not(.dim)").forEach((box) => {
        box.classList.remove(...NODE_CLASSES);
        box.classList.add("dim");
        delete box.dataset.visitOrder;
      });
      svg.querySelectorAll(".edge:not(.dim)").forEach((edge) => {
        edge.classList.remove("visited", "active");
        edge.classList.add("dim");
      });
      svg.querySelectorAll("[data-timing]").forEach((text) => {
        if (text.textContent) text.textContent = "";
      });
      svg.querySelectorAll(".route.active").forEach((route) => route.classList.remove("active"));
      document.querySelectorAll("[data-route-node].hit").forEach((row) => row.classList.remove("hit"));
      const hops = document.getElementById("hops");
      if (hops) hops.replaceChildren();
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

    // The box of `node` for this hop. A filter listed by several pipelines is drawn in each
    // lane (`data-in`): take the one in the pipeline this span runs in.
    box(svg, node, span) {
      if (!node) return null;
      const boxes = svg.querySelectorAll(".node" + attr("data-node", node));
      if (boxes.length < 2) return boxes[0] || null;
      for (let s = this.spanParents[span]; s; s = this.spanParents[s]) {
        for (const box of boxes) if (box.dataset.in === this.spanNodes[s]) return box;
      }
      return boxes[0];
    }

    apply(svg, event) {
      const data = event.data || {};
      switch (event.kind) {
        case "request.start":
          this.log(event, data.method + " " + data.path + (data.query ? "?" + data.query : ""));
          break;
        case "composite.dispatch":
          svg.querySelectorAll(".edge" + attr("data-source", event.node || "") + attr("data-target", data.target))
            .forEach((edge) => edge.classList.add("active"));
          this.log(event, (event.node || "composite") + " chose " + data.label + " → " + data.target);
          break;
        case "composite.miss":
          this.log(event, (event.node || "composite") + ": no prefix matches " + data.path);
          break;
        case "node.enter": {
          this.spanNodes[event.span] = event.node;
          this.spanParents[event.span] = event.parent;
          const box = this.box(svg, event.node, event.span);
          this.spanBoxes[event.span] = box;
          svg.querySelectorAll(".edge.active").forEach((edge) => edge.classList.remove("active"));
          if (box) {
            box.classList.remove("dim");
            box.classList.add("active", "visited");
            box.dataset.visitOrder = String(++this.order);
          }
          svg.querySelectorAll(".edge" + attr("data-target", event.node || "")).forEach((edge) => {
            if (svg.querySelector(".node.visited" + attr("data-node", edge.dataset.source))) {
              edge.classList.remove("dim");
              edge.classList.add("visited");
            }
          });
          this.log(event, "→ " + event.node);
          break;
        }
        case "route.match":
          this.markRoute(event.node, data.template, data.method);
          svg.querySelectorAll(".node" + attr("data-node", event.node || "") + " .route" + attr("data-route", data.route || data.template))
            .forEach((route) => route.classList.add("active"));
          this.log(event, "route " + data.method + " " + data.template + " " + JSON.stringify(data.match || {}));
          break;
        case "route.miss":
          this.markRoute(event.node, "(no route)", data.method);
          this.log(event, "no route for " + data.method + " " + data.path + " → " + data.status);
          break;
        case "controller.action":
          this.log(event, data.controller + "." + data.action + "(" + Object.keys(data.args || {}).join(", ") + ")");
          break;
        case "controller.return":
          this.log(event, "action returned " + (data.status ?? "(raised)") + " in " + ms(data.duration_ms));
          break;
        case "error":
          this.log(event, data.type + ": " + data.message + " (caught by " + (data.caught_by || "nobody") + ")");
          break;
        case "node.leave": {
          const box = this.spanBoxes[event.span];
          if (box) {
            box.classList.remove("active", ...STATUS_CLASSES);
            box.classList.add(statusClass(data.status));
            if (data.short_circuit) box.classList.add("short-circuit");
            const timing = box.querySelector("[data-timing]");
            if (timing) timing.textContent = ms(data.duration_ms);
          }
          this.log(event, "← " + event.node + " " + (data.status ?? "raised") + " in " + ms(data.duration_ms)
            + (data.short_circuit ? " (answered on its own)" : ""));
          break;
        }
        case "request.end":
          this.say((this.trace.method || "") + " " + (this.trace.path || "") + " → " + data.status + " in " + ms(data.duration_ms));
          this.log(event, "response " + data.status + ", " + data.bytes + " bytes, " + ms(data.duration_ms));
          break;
        default:
          this.log(event, event.kind);
      }
    }

    markRoute(node, template, method) {
      document.querySelectorAll("[data-route-node]" + attr("data-route-node", node || "") + attr("data-route-template", template)).forEach((row) => {
        const methods = row.dataset.routeMethods.split(" ").filter(Boolean);
        if (!methods.length || methods.includes(method)) row.classList.add("hit");
      });
    }

    finish() {
      this.root.dataset.state = "done";
      const next = this.pending;
      this.pending = null;
      this.pinned = false;
      if (next) this.timer = setTimeout(() => this.play(next, false), 600);
    }

    say(text) {
      const label = document.getElementById("now-playing");
      if (label) label.textContent = text;
    }

    log(event, text) {
      const hops = document.getElementById("hops");
      if (!hops) return;
      const item = document.createElement("li");
      item.dataset.kind = event.kind;
      if (event.node) item.dataset.node = event.node;
      item.textContent = text;
      hops.appendChild(item);
    }
  }

  window.Pastescope = window.Pastescope || {};
  window.Pastescope.Player = Player;
  window.Pastescope.formatMs = ms;
})();
