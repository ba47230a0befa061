// The figures on Live's diagram: each box's requests, errors and times (p50, p95), worded to fit
// in it, and each route's hits in the route table; as the stack view is drawn
// (#initial-figures) and as the stream sends them (live.js hands them here).
(function () {
  "use strict";

  // How far a box's figures may shrink below the size they are drawn at, in px, before they are
  // worded shorter: small enough to fit, still readable.
  const FIGURE_SHRINK = [0, 1, 2];

  // What a box's figures may say: one wording on every box, the one the key under the diagram
  // spells out ("N req · E err · A/B ms"), so a student reads them all alike (each box once
  // chose the longest that fit: "p50 0.14 · p95 0.14 ms", "p50/p95 …", a bare "0.32/0.6 ms");
  // only a box too narrow for the times leaves them out.
  function figureWordings(f) {
    // Two significant digits, without the zeros toPrecision pads with (0.0080 → 0.008).
    const short = (value) => (value < 10 ? String(Number(value.toPrecision(2))) : value.toFixed(0));
    const counts = f.requests + " req" + (f.errors ? " · " + f.errors + " err" : "");
    return [counts + " · " + short(f.p50) + "/" + short(f.p95) + " ms", counts];
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

  // The figures last applied: a diagram an answer redraws (which.js) has new boxes, empty
  // until they are written again.
  let latest = null;

  // Each box's figures, written to fit in it. Every box gets its first wording first and is
  // measured after (one layout for all); only the few that overflow are written again.
  function applyFigures(figures) {
    if (!figures || figures.stack !== window.Pastescope.liveStack.current()) return;
    latest = figures;
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
    countRouteHits(figures.routes);
  }

  // Each route table row's hits, from `routes` ("NODE METHOD ROW TEMPLATE" → count): a request
  // counts on the one row it matched, the row of index ROW its router's table (`data-route-row`)
  // where the store found it and that row still has its template, else the first of its
  // template that takes its method (a miss, a hit stored before rows were), as the server
  // counts them (dashboard/views.py's `matched_route`). Twins of one template and method are
  // told apart (`show` and `by_name` of `/servers/{id}`), and a route for any method and one
  // for GET do not count a GET twice.
  function countRouteHits(routes) {
    const { routeTakes } = window.Pastescope;
    const rows = Array.from(document.querySelectorAll("tr[data-route-node]"));
    const hits = new Map(rows.map((row) => [row, 0]));
    for (const [key, count] of Object.entries(routes)) {
      const [node, method, index, ...rest] = key.split(" ");
      const template = rest.join(" ");
      const ofTemplate = rows.filter((r) => r.dataset.routeNode === node
        && r.dataset.routeTemplate === template);
      const row = ofTemplate.find((r) => r.dataset.routeRow === index)
        || ofTemplate.find((r) => routeTakes(r, method));
      if (row) hits.set(row, hits.get(row) + count);
    }
    hits.forEach((count, row) => {
      row.querySelector("[data-route-hits]").textContent = count;
    });
  }

  function applyInitialFigures() {
    const script = document.getElementById("initial-figures");
    if (script) applyFigures(JSON.parse(script.textContent));
  }

  window.Pastescope = Object.assign(window.Pastescope || {}, {
    figures: {
      apply: applyFigures, applyInitial: applyInitialFigures, applyAgain: () => applyFigures(latest),
    },
  });
})();
