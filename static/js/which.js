// Draws the answer of "what would this URL hit?" (templates/_which.html) on the diagram beside
// it: the boxes on the path get `which-hop` and their order (`data-which-order`, and a numbered
// badge), the edges between them `which-edge`, every other box and edge `which-dim`; the box
// where the request would stop gets `which-stop`, the matching route `which-route` (in the
// diagram's router box and in the page's route table). Classes of its own, so the live replay
// (player.js) and this drawing never undo each other. The svg's `data-which-drawn` says which
// question is drawn (method, path, alternatives followed), for readers such as browser tests.
//
// On the live page the diagram shows one path at a time, the latest begun: a replay starting
// (player.js's `pastescope:animate`) clears this drawing, and the answer says so and offers to
// draw it again; drawing it announces `pastescope:which-drawn`, on which live.js stops the replay.
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const CLASSES = ["which-hop", "which-dim", "which-edge", "which-stop", "which-route"];
  const { attr, boxIn, inLane, matchedRoute, mayHaveTaken } = window.Pastescope;
  // How long the status line beside the answer holds what it said (`answered`).
  const SAID_FOR_MS = 5000;
  let saidTimer = null;

  function clear(container, svg) {
    if (svg) {
      svg.querySelectorAll(".which-badge").forEach((badge) => badge.remove());
      svg.querySelectorAll("[data-which-order]").forEach((box) => delete box.dataset.whichOrder);
      delete svg.dataset.whichDrawn;
    }
    container.querySelectorAll("." + CLASSES.join(", .")).forEach((el) => {
      el.classList.remove(...CLASSES);
    });
  }

  // An SVG element `tag` with `attributes`.
  function svgElement(tag, attributes) {
    const element = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) {
      element.setAttribute(name, String(value));
    }
    return element;
  }

  function badge(svg, target, order) {
    const shape = target.querySelector(":scope > .box, :scope > .frame");
    if (!shape) return;
    const x = parseFloat(shape.getAttribute("x"));
    const y = parseFloat(shape.getAttribute("y"));
    const g = svgElement("g", { class: "which-badge" });
    const circle = svgElement("circle", { cx: x + 2, cy: y + 2, r: 10 });
    const text = svgElement("text",
      { x: x + 2, y: y + 6, "text-anchor": "middle", "font-size": 11 });
    text.textContent = order;
    g.append(circle, text);
    target.appendChild(g);
  }

  // What each composite on the path picked (mayHaveTaken's Map): the label of the edge its next
  // hop came by (`data-which-label`), its prefix or key. A composite is what PasteDeploy builds
  // as one (`data-built-as`), whatever its header: `[app:main] use = egg:Paste#urlmap` too.
  function pickedBy(svg, hops) {
    const picked = new Map();
    for (let i = 1; i < hops.length; i++) {
      const composite = hops[i - 1].dataset.whichNode;
      const box = svg.querySelector(".node" + attr("data-node", composite));
      const label = hops[i].dataset.whichLabel;
      if (box && box.dataset.builtAs === "composite" && label) picked.set(composite, label);
    }
    return picked;
  }

  function draw(section) {
    const container = section.parentElement;
    const svg = container.querySelector(".diagram-frame svg");
    clear(container, svg);
    if (!svg || !section.hasAttribute("data-which-answer")) return;
    svg.querySelectorAll(".node[data-node], .edge").forEach((el) => el.classList.add("which-dim"));
    const onPath = new Map();  // each node on the path: the lanes it runs in there
    const met = new Map();  // each node and lane: how many of its boxes there the path has met
    section.querySelectorAll("[data-which-node]").forEach((hop) => {
      // A filter listed by several pipelines is drawn once per lane (`data-in`); a hop outside
      // any pipeline has an empty `data-which-in`, as its box has no `data-in`. One a pipeline
      // lists twice (swift's `proxy-logging`) is drawn twice in its lane: each of its hops marks
      // its own box, in order, as a replay lights them, not the first box twice.
      const place = hop.dataset.whichNode + "\n" + hop.dataset.whichIn;
      const nth = met.get(place) || 0;
      met.set(place, nth + 1);
      const target = boxIn(svg, hop.dataset.whichNode, hop.dataset.whichIn, nth);
      const lanes = onPath.get(hop.dataset.whichNode) || new Set();
      onPath.set(hop.dataset.whichNode, lanes.add(hop.dataset.whichIn));
      if (!target) return;
      target.classList.remove("which-dim");
      target.classList.add("which-hop");
      target.dataset.whichOrder = hop.dataset.whichOrder;
      badge(svg, target, hop.dataset.whichOrder);
    });
    const picked = pickedBy(svg, section.querySelectorAll("[data-which-node]"));
    svg.querySelectorAll(".edge").forEach((edge) => {
      // A wire drawn in a lane (`data-in`) only where the path enters its target in that lane.
      const lanes = onPath.get(edge.dataset.target) || [];
      if (onPath.has(edge.dataset.source) && mayHaveTaken(edge, picked)
          && Array.from(lanes).some((lane) => inLane(edge, lane))) {
        edge.classList.remove("which-dim");
        edge.classList.add("which-edge");
      }
    });
    const stop = section.querySelector("[data-which-stop-node]");
    if (stop) {
      // Where the request stops is a hop; a section that would not load need not be one.
      const at = attr("data-node", stop.dataset.whichStopNode);
      const hops = svg.querySelectorAll(".node.which-hop" + at);
      (hops.length ? hops : svg.querySelectorAll(".node" + at)).forEach((b) => {
        b.classList.remove("which-dim");
        b.classList.add("which-stop");
      });
    }
    // The route that would match: its row of the diagram's router box, and of the route table,
    // found by its key, the one of the index the answer names in its router's table
    // (matchedRoute: routes may share a template and a method, told apart by their actions or
    // requirements, which the server weighed).
    const route = section.querySelector("[data-which-route-node]");
    if (route) {
      const node = route.dataset.whichRouteNode;
      const key = route.dataset.whichRouteName || route.dataset.whichRouteTemplate;
      const matched = { method: route.dataset.whichRouteMethod, row: route.dataset.whichRouteRow };
      const drawn = matchedRoute(svg.querySelectorAll(".node" + attr("data-node", node)
        + " .route" + attr("data-route", key)), matched);
      if (drawn) drawn.classList.add("which-route");
      const row = matchedRoute(container.querySelectorAll("tr" + attr("data-route-node", node)
        + attr("data-route-template", route.dataset.whichRouteTemplate)), matched);
      if (row) {
        row.classList.add("which-route");
        const frame = row.closest(".routes-frame"); // scroll the table, not the page
        if (frame) frame.scrollTop = row.offsetTop - frame.clientHeight / 2;
      }
    }
    svg.dataset.whichDrawn = section.dataset.whichQuestion;
    const note = section.querySelector("[data-which-cleared]");
    if (note) note.hidden = true;
    document.dispatchEvent(new CustomEvent("pastescope:which-drawn", { detail: { svg } }));
  }

  // A replay started on the live diagram: take this path off it, and say so beside the answer.
  function clearForReplay() {
    const svg = document.querySelector("#diagram svg");
    if (!svg || !svg.dataset.whichDrawn) return;
    document.querySelectorAll(".which[data-which-answer]").forEach((section) => {
      const container = section.parentElement;
      if (container.querySelector(".diagram-frame svg") !== svg) return;
      clear(container, svg);
      const note = section.querySelector("[data-which-cleared]");
      if (note) note.hidden = false;
    });
  }

  // A page opened at an address holding a secret header (a bookmark made before 0.2.36): the
  // address without it in its place (`data-which-address`, dashboard.which.form_context), so
  // neither the address bar, nor this tab's history, nor a link copied from it holds it.
  function dropSecret(root) {
    const note = root.querySelector && root.querySelector("[data-which-address]");
    if (note) history.replaceState(history.state, "", note.dataset.whichAddress);
  }

  function drawWithin(root) {
    dropSecret(root);
    const sections = root.matches && root.matches(".which") ? [root] : [];
    sections.push(...(root.querySelectorAll ? root.querySelectorAll(".which") : []));
    sections.forEach(draw);
    sections.forEach(answered);
  }

  // Where a question was asked from: the control with the focus (the path field, Ask, an
  // alternative's list) as a selector, and the caret in it. The answer replaces the form with
  // its section, so without this the focus fell to the page's body and the next keys went
  // nowhere; it stays where the user was, as after the live page's Send.
  let askedFrom = null;

  function remember(event) {
    const form = event.detail.elt;
    const focused = document.activeElement;
    if (!form.matches(".which-form") || !form.contains(focused)) return;
    const choice = focused.closest("[data-which-composite]");
    askedFrom = {
      control: choice ? attr("data-which-composite", choice.dataset.whichComposite) + " select"
        : focused.name ? attr("name", focused.name) : 'button[type="submit"]',
      start: focused.selectionStart,
      end: focused.selectionEnd,
    };
  }

  // An answer came in: the focus back on the control it was asked from, and the answer said
  // once by the status line beside the section (a region swapped in whole is not read out).
  function answered(section) {
    const asked = askedFrom;
    askedFrom = null;
    const control = asked && section.querySelector(".which-form " + asked.control);
    if (!control) return;
    control.focus();
    if (asked.start !== null && control.setSelectionRange) {
      control.setSelectionRange(asked.start, asked.end);
    }
    const said = section.parentElement.querySelector(":scope > [data-which-said]");
    if (!said) return;
    // Its short answer, what the client would get and from which layer: the sentence naming
    // every layer on the way, and the stop's own words, are the page's to read on.
    const lead = section.querySelector(".which-lead");
    if (!lead) return;
    said.textContent = lead.textContent.replace(/\s+/g, " ").trim();
    // NOTE: emptied once said: kept, it was the answer's first paragraph again after the
    // answer, to one reading on (a screen reader's reading mode, the page's text copied). A
    // screen reader queues the words as they are set, so emptying the line does not cut them.
    clearTimeout(saidTimer);
    saidTimer = setTimeout(() => { said.textContent = ""; }, SAID_FOR_MS);
  }

  // A question the dashboard never saw: its server refuses a URL longer than it reads (414), or
  // the dashboard is gone. Said where the form says the dashboard's own refusals, as htmx swaps
  // nothing in for an error. A path that long is far over eventlet's limit too, so that is said.
  function unanswered(event) {
    const form = event.target.closest && event.target.closest(".which-form");
    if (!form) return;
    askedFrom = null;  // the form stays, and the focus in it
    let note = form.parentElement.querySelector(":scope > .which-error");
    if (!note) {
      note = document.createElement("p");
      note.className = "which-error";
      note.setAttribute("role", "alert");
      form.after(note);
    }
    const xhr = event.detail.xhr;
    const limit = Number(form.closest(".which").dataset.whichMaxLine).toLocaleString("en");
    const path = form.querySelector('input[name="path"]').value;
    note.textContent = xhr && xhr.status === 414
      ? "path: " + path.length.toLocaleString("en") + " characters are more than the " +
        "dashboard takes in a question (414 URI Too Long). A stack on eventlet would refuse " +
        "it too: it answers 414 Request URI Too Long itself to a request line of " + limit +
        " bytes or more, and no layer of the stack is entered."
      : "The dashboard did not answer" + (xhr && xhr.status ? " (" + xhr.status + ")" : "") +
        ": ask again once it runs.";
  }

  htmx.onLoad(drawWithin);
  drawWithin(document);
  document.addEventListener("pastescope:animate", clearForReplay);
  document.addEventListener("htmx:beforeRequest", remember);
  document.addEventListener("htmx:responseError", unanswered);
  document.addEventListener("htmx:sendError", unanswered);
  document.addEventListener("click", (event) => {
    const redraw = event.target.closest("[data-which-redraw]");
    if (redraw) draw(redraw.closest(".which"));
  });
})();
