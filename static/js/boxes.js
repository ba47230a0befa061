// The diagram's boxes as one request lights them, shared by the live replay (player.js) and
// the step view (step_lights.js), so both light a hop the same way and keep it in the diagram's
// frame; "what would this URL hit?" (which.js) finds its boxes with them too.
//
// A box is a `.node[data-node]` of the SVG that dashboard/drawing.py draws; a filter listed by
// several pipelines is drawn once per lane, its `data-in` naming the pipeline, and one a
// pipeline lists twice is drawn twice in its lane, in request order. `Spans` follows a trace's
// node.enter events to find each hop's box, the one its `place` names (the dashboard's
// `span_places`, dashboard/trace_rows.py: the lane it ran in, and which of its node's boxes
// there), and its composite.dispatch events to light only the edge each composite took: an edge's `data-label`
// is its prefix or key, and two edges of one composite may join the same two boxes. Pages load
// this file before player.js, step_lights.js or which.js; running it again (htmx swaps a partial in
// anew) is harmless.
//
// A box's accessible name (its aria-label, dashboard/diagram.py's) says in words what its
// classes show: "filter authtoken (auth_token:filter_factory): returned 401". Whoever lights a
// box (player.js, step_lights.js) only toggles classes; a MutationObserver, set on a diagram the
// first time it is dimmed, renames the boxes whose classes changed.
(function () {
  "use strict";

  const STATUS_CLASSES = ["status-2xx", "status-3xx", "status-4xx", "status-5xx", "raised"];
  const NODE_CLASSES = ["active", "visited", "dim", "short-circuit"].concat(STATUS_CLASSES);
  // A `filter-with` wire (dashboard/diagram.py labels each edge as the graph does).
  const WRAPS = attr("data-label", "filter-with");

  // "status-2xx"… for an HTTP status, a number or the string of a data-* attribute. A hop with
  // no status raised: it answered nothing, so it is "raised", not a 5xx (a layer above may have
  // turned the exception into one, and is marked with that status).
  function statusClass(status) {
    if (status === null || status === undefined || status === "") return "raised";
    return "status-" + String(status).charAt(0) + "xx";
  }

  // A selector for an attribute equal to `value`, whatever characters the value holds.
  function attr(name, value) {
    return "[" + name + '="' + CSS.escape(value) + '"]';
  }

  // Where each span of one trace is drawn: the node it entered and its box; and by which edge
  // each composite dispatched (`picked`, for mayHaveTaken).
  class Spans {
    constructor(svg) {
      this.svg = svg;
      this.nodes = {};
      this.parents = {};
      this.boxes = {};
      this.picked = new Map();
    }

    // Composite `node` dispatched to `target` by its edge labelled `label`: answer that edge
    // (none, or several where the event gives no label).
    dispatch(node, target, label) {
      if (label) this.picked.set(node, label);
      const between = ".edge" + attr("data-source", node || "") + attr("data-target", target || "");
      return Array.from(this.svg.querySelectorAll(between))
        .filter((edge) => mayHaveTaken(edge, this.picked));
    }

    // `span`, a child of span `parent`, entered `node` at `place` ([lane, nth], see boxIn):
    // remember it and answer its box (or null).
    enter(span, node, parent, [lane, nth] = []) {
      this.nodes[span] = node;
      this.parents[span] = parent;
      this.boxes[span] = boxIn(this.svg, node, lane, nth);
      return this.boxes[span];
    }

    // The box `span` entered, or null.
    box(span) {
      return this.boxes[span] || null;
    }

    // The box of `node` for an event on a span under span `parent` (an error on a controller's
    // span): that of the nearest enclosing span that entered `node`, else its first box.
    find(node, parent) {
      for (let s = parent; s; s = this.parents[s]) {
        if (this.nodes[s] === node) return this.box(s);
      }
      return boxIn(this.svg, node);
    }
  }

  // The boxes `node` is drawn as in lane `lane` (a pipeline's id; none for boxes in no lane),
  // in request order.
  function boxesIn(svg, node, lane) {
    return Array.from(svg.querySelectorAll(".node" + attr("data-node", node)))
      .filter((box) => (box.dataset.in || null) === (lane || null));
  }

  // The box of `node` drawn `nth` (from 0) in lane `lane`; where it has none there, the box it
  // is drawn as in no lane (the app two pipelines end at is drawn once, outside both), never
  // one in another lane: a long pipeline's lane is folded (dashboard/diagram_fold.py), and a
  // filter it leaves out may be drawn in a short pipeline that lists it too, which the request
  // did not go through. With no lane: its first box where it is drawn once, or not so outside
  // lanes. Null where it is not drawn (there).
  function boxIn(svg, node, lane, nth = 0) {
    if (!node) return null;
    if (lane) return boxesIn(svg, node, lane)[nth] || boxesIn(svg, node, null)[0] || null;
    const boxes = svg.querySelectorAll(".node" + attr("data-node", node));
    if (boxes.length < 2) return boxes[0] || null;
    return boxesIn(svg, node, null)[nth] || boxes[0];
  }

  // Which of its node's boxes in its lane `box` is (0 for the first): the `nth` of boxIn.
  function nthIn(svg, box) {
    return boxesIn(svg, box.dataset.node, box.dataset.in).indexOf(box);
  }

  // Each box's name as drawn, before a state was said after it.
  const DRAWN_NAMES = new WeakMap();
  const WATCHED = new WeakSet();

  // What a replay did at `box`, in words, from its classes and the dashboard's words for what
  // it passed up (see markLeft); "" as drawn.
  function stateWords(box) {
    const classes = box.classList;
    if (classes.contains("dim")) return "not reached";
    const words = [];
    const outcome = box.dataset.outcome;
    if (outcome && classes.contains("raised")) words.push(outcome);
    else if (outcome) words.push((classes.contains("short-circuit") ? "answered " : "returned ") + outcome);
    else if (classes.contains("visited")) words.push("reached");
    if (box.dataset.refused) words.push("the server refused the body it passed up, " + box.dataset.refused);
    if (classes.contains("active")) words.push("the request is here");
    return words.join(", ");
  }

  function sayState(box) {
    if (!DRAWN_NAMES.has(box)) DRAWN_NAMES.set(box, box.getAttribute("aria-label") || "");
    const state = stateWords(box);
    box.setAttribute("aria-label", DRAWN_NAMES.get(box) + (state ? ": " + state : ""));
  }

  // Rename the boxes of `svg` as their classes change, from now on.
  function watch(svg) {
    if (WATCHED.has(svg)) return;
    WATCHED.add(svg);
    new MutationObserver((records) => {
      new Set(records.map((record) => record.target)).forEach((target) => {
        if (target.matches(".node[data-node]")) sayState(target);
      });
    }).observe(svg, { subtree: true, attributes: true, attributeFilter: ["class", "data-outcome", "data-refused"] });
  }

  // Undo what a replay lit: every box and edge dimmed, as a replay starts, or (`dim` false) left
  // as drawn, for another drawing (which.js's path) to take over; the boxes' timings and codes
  // cleared.
  // Dimming touches only what is lit: under load a new trace starts every few tens of
  // milliseconds, and a class that goes and comes back still costs a style and paint of the
  // element. Leaving it as drawn is rare and touches everything.
  function dimAll(svg, dim = true) {
    watch(svg);
    const lit = dim ? ":not(.dim)" : "";
    svg.querySelectorAll(".node[data-node]" + lit).forEach((box) => {
      box.classList.remove(...NODE_CLASSES);
      if (dim) box.classList.add("dim");
      delete box.dataset.visitOrder;
      delete box.dataset.outcome;
      delete box.dataset.refused;
    });
    svg.querySelectorAll(dim ? ".edge:not(.dim), .edge.active" : ".edge").forEach((edge) => {
      edge.classList.remove("visited", "active");
      edge.classList.toggle("dim", dim);
    });
    svg.querySelectorAll(".route.active").forEach((route) => route.classList.remove("active"));
    svg.querySelectorAll("[data-timing], [data-code]").forEach((text) => {
      if (text.textContent) text.textContent = "";
    });
  }

  // Whether a request may have gone along `edge`, given `picked` (a Map: composite node → the
  // label of the edge it dispatched by). Two prefixes of one urlmap may lead to the same section,
  // drawn as two edges between the same boxes: only the picked one was taken. Edges from a node
  // not in `picked` (a pipeline's positions, to one filter twice) are all taken, and so is the
  // `filter-with` wire of a composite a filter wraps, whatever it picked.
  function mayHaveTaken(edge, picked) {
    const label = picked.get(edge.dataset.source);
    return label === undefined || edge.dataset.label === label || edge.matches(WRAPS);
  }

  // Light the wires the request took on into `node`, entered in lane `lane` (its place's, as for
  // boxIn): the path so far, from a box already visited, but not a composite's edges it did not
  // pick (`picked`, see mayHaveTaken), nor a wire drawn in another lane (`data-in`): a filter
  // that `filter-with` wraps is drawn with its wire in each lane listing it, and one lane's
  // request lit every lane's. A `filter-with` wire goes the other way: the graph's edge runs
  // from the section wrapped to its wrapper (the section names it), while a request meets the
  // wrapper first; so it is lit as the section it wraps is entered, from the wrapper, and not
  // as the wrapper is (its section, visited before by another path, lit it a hop early).
  function visitEdgesInto(svg, node, picked, lane) {
    const into = ".edge" + attr("data-target", node || "") + ":not(" + WRAPS + ")";
    const wrapped = ".edge" + attr("data-source", node || "") + WRAPS;
    svg.querySelectorAll(into + ", " + wrapped).forEach((edge) => {
      if (!mayHaveTaken(edge, picked) || !inLane(edge, lane)) return;
      const from = edge.matches(WRAPS) ? edge.dataset.target : edge.dataset.source;
      if (svg.querySelector(".node.visited" + attr("data-node", from))) {
        edge.classList.remove("dim");
        edge.classList.add("visited");
      }
    });
  }

  // Whether `edge` may light for a request in lane `lane`: a wire drawn in a lane (`data-in`)
  // only for that lane's; any other, or any where the lane is not known.
  function inLane(edge, lane) {
    return !lane || !edge.dataset.in || edge.dataset.in === lane;
  }

  // Mark a box its hop has left: the status it passed up, its colour, and `outcome`, the
  // dashboard's words for it ("404", "raised", "body raised" when what raised was the body it
  // had returned, or "no status" when it raised nothing:
  // stack.explain_words.left_with, a Live event's `outcome`, a step's `data-outcome`), shown as
  // they come in `data-outcome` and the box's name; and whether it answered on its own (the ↩
  // badge).
  // The code is written in the box too: 4xx and 5xx differ by more than colour (one that passed
  // none up has its dashed outline).
  // `refused`: the server refused the body this hop passed it ("a bytes", the dashboard's
  // stack.explain_answer.refused_body), so its status is not what the client got: `data-refused`
  // and its name say so.
  // NOTE: a hop that called no layer after it but passed up no status did not answer: it raised
  // (or left the server nothing to send), and its dashed outline says so, not the ↩.
  function markLeft(box, status, shortCircuit, outcome, refused = "") {
    const colour = statusClass(status);
    box.classList.remove(...STATUS_CLASSES);
    box.classList.add(colour);
    box.dataset.outcome = outcome;
    if (refused) box.dataset.refused = refused.replaceAll("`", "");
    if (shortCircuit && colour !== "raised") box.classList.add("short-circuit");
    const code = box.querySelector(":scope > [data-code]");
    if (code) code.textContent = colour === "raised" ? "" : String(status);
  }

  // Light the route a route.match event's `data` names (`route`, its name, or `template`;
  // `method`; `row`, its index in the router's table, where the server knew it) in the box of
  // router `node`: only the row `matchedRoute` picks, as routes may share the key (unnamed
  // `PUT` and `DELETE /servers/{id}` of `mapper.resource`), and the one summed up in "+N more"
  // is shown lit in its place (diagram.css), not its namesakes over it.
  function lightRoute(svg, node, data) {
    const row = matchedRoute(svg.querySelectorAll(".node" + attr("data-node", node || "")
      + " .route" + attr("data-route", data.route || data.template)), data);
    if (row) row.classList.add("active");
  }

  // Of `rows`, a router's rows holding the template or name a request matched, in its table's
  // order, the one it matched (`data`: its `row` and `method`): the row of index `row` in its
  // router's table (`data-route-row`), which the server worked out from the table the request
  // was served with (stack/routing.py's `matched_row`, as Live counts its hits), so twins of
  // one template and method (`/servers/{id}` as `show` for digits and `by_name` for letters)
  // are told apart by the server's rules, not a copy of them. Where no row is known (a stack
  // that announced no table) or the rows drawn are another table's (the stack's graph changed
  // since), the first that takes the method (routeTakes), as Routes tries its routes in order.
  function matchedRoute(rows, data) {
    const routes = Array.from(rows);
    const known = String(data.row ?? ""); // "": none (a `data-which-route-row` left empty)
    return routes.find((row) => known && row.dataset.routeRow === known)
      || routes.find((row) => routeTakes(row, data.method));
  }

  // Whether a route's row (`data-route-methods`: a diagram's, or one of the route table beside
  // it, `tr[data-route-node]`) takes `method`: a route that names no methods takes any. A
  // replay lights the first row that does where the row it matched is not known
  // (matchedRoute), and Live counts a request's hit so (live_figures.js).
  function routeTakes(row, method) {
    const methods = row.dataset.routeMethods.split(" ").filter(Boolean);
    return !methods.length || methods.includes(method);
  }

  // Scroll the diagram's frame (only it, not the page) so `box`, the hop being lit, is in view:
  // projector mode and a phone draw the diagram larger than its frame. A box larger than the
  // frame (a long pipeline's lane) shows its start, where the request enters it. `also`, boxes
  // to show with it (the layers a short circuit kept from running, `keptFrom`), are shown too
  // on each axis where they fit in the frame together with it, clear of its "more" cues across:
  // centred between them, not under their shade (a composite and the app its short circuit kept
  // from running, which only just fitted, were both half under one).
  function showInFrame(box, also = []) {
    const frame = box.closest(".diagram-frame");
    if (!frame) return;
    const f = frame.getBoundingClientRect();
    const own = box.getBoundingClientRect();
    const rects = [own, ...also.map((other) => other.getBoundingClientRect())];
    const left = Math.min(...rects.map((r) => r.left));
    const right = Math.max(...rects.map((r) => r.right));
    const top = Math.min(...rects.map((r) => r.top));
    const bottom = Math.max(...rects.map((r) => r.bottom));
    const cue = also.length ? cueWidth(frame) : 0;
    const across = right - left <= frame.clientWidth - 2 * cue;
    const b = {
      left: across ? left - cue : own.left,
      right: across ? right + cue : own.right,
      top: bottom - top <= frame.clientHeight ? top : own.top,
      bottom: bottom - top <= frame.clientHeight ? bottom : own.bottom,
    };
    if (b.left < f.left || b.right > f.right) {
      const wide = b.right - b.left > frame.clientWidth;
      frame.scrollLeft += wide ? b.left - f.left : (b.left + b.right - f.left - f.right) / 2;
    }
    if (b.top < f.top || b.bottom > f.bottom) {
      const tall = b.bottom - b.top > frame.clientHeight;
      frame.scrollTop += tall ? b.top - f.top : (b.top + b.bottom - f.top - f.bottom) / 2;
    }
  }

  // How wide a "more" cue of `frame` is (scroll_cues.js lays one on each side with more past
  // it): read from its style, as it is hidden while there is nothing past its side. 0 for a
  // frame without cues.
  function cueWidth(frame) {
    const scroll = frame.closest(".diagram-scroll");
    const cue = scroll && scroll.querySelector(".more-cue");
    return cue ? parseFloat(getComputedStyle(cue).width) || 0 : 0;
  }

  // The boxes of the layers a short circuit at `box`, a pipeline's member, kept from running:
  // the members after it in its lane, and what its pipeline's edges past it lead to (the app
  // two pipelines share is drawn outside both lanes). A lesson says "compute_app never lights
  // up" of an app the frame had left behind its "more" cue.
  function keptFrom(svg, box) {
    const lane = box.dataset.in;
    const pos = Number(box.dataset.pos);
    if (!lane || Number.isNaN(pos)) return [];
    const members = Array.from(svg.querySelectorAll(".node" + attr("data-in", lane)))
      .filter((member) => Number(member.dataset.pos) > pos);
    const past = Array.from(svg.querySelectorAll(".edge:not(.chain)" + attr("data-source", lane)))
      .filter((edge) => Number(edge.dataset.label) > pos)
      .map((edge) => svg.querySelector(".node" + attr("data-node", edge.dataset.target) + ":not([data-in])"))
      .filter(Boolean);
    return [...members, ...past];
  }

  window.Pastescope = Object.assign(window.Pastescope || {}, {
    attr, boxIn, dimAll, inLane, keptFrom, lightRoute, markLeft, matchedRoute, mayHaveTaken,
    nthIn, routeTakes, showInFrame, Spans, statusClass, visitEdgesInto,
  });
})();
