// The step view's diagram as it is after one step of a recorded request (stepper.js's job is
// moving between steps; this is what a step shows on the diagram).
//
// Lit afresh from the first step at every move, with boxes.js (loaded first), so that back and
// jumps are exact: boxes entered so far are visited (with the status they passed up once they
// left, or "raised" written in them), the current step's box is active, the rest dim; and the
// frame keeps in view what the step speaks of. Each step is a `.step` of the page, read from its
// data-* attributes (templates/_steps.html). The partial loads this script itself, so it may
// run more than once: each run defines the same function again, harmlessly.
(function () {
  "use strict";

  const {
    dimAll, keptFrom, lightRoute, markLeft, showInFrame, Spans, visitEdgesInto,
  } = window.Pastescope;

  // Light `svg` as it is after step `index` of `steps` (each a `.step`'s dataset).
  function lightStep(svg, steps, index) {
    dimAll(svg);
    const spans = new Spans(svg);
    let answered = null;  // the box of the layer that answered on its own, once it has
    for (let i = 0; i <= index; i++) {
      const step = steps[i];
      apply(svg, step, spans, i === index);
      if (step.kind === "node.leave" && step.shortCircuit === "true") answered = spans.box(step.span);
    }
    const now = steps[index];
    const box = spans.box(now.span) || spans.find(now.node, now.parent);
    // From a short circuit on, the story is of the layers it kept from running, which stay
    // dark ("compute_app never lights up"): each later step shows them with its own box where
    // they fit in the frame together, and the request's end (no box of its own) shows them
    // with the layer that answered. Left to the current box alone, the way back out to the
    // composites scrolled them out of the frame again.
    const kept = answered ? [answered, ...keptFrom(svg, answered)] : [];
    if (box) {
      box.classList.remove("dim");
      box.classList.add("active");
      showInFrame(box, kept);
    } else if (answered) {
      showInFrame(answered, kept);
    }
  }

  // What `step` did to the diagram; `current`: it is the step shown.
  function apply(svg, step, spans, current) {
    switch (step.kind) {
      case "node.enter": {
        const box = spans.enter(step.span, step.node, step.parent, [step.in, Number(step.nth)]);
        if (box) {
          box.classList.remove("dim");
          box.classList.add("visited");
        }
        visitEdgesInto(svg, step.node, spans.picked, step.in);
        break;
      }
      case "node.leave": {
        const box = spans.box(step.span);
        if (!box) break;
        markLeft(box, step.status, step.shortCircuit, step.outcome, step.refused);
        // The step view shows no timings: the box's timing corner says why it has no status.
        const timing = box.querySelector("[data-timing]");
        if (timing && box.classList.contains("raised")) timing.textContent = step.outcome;
        break;
      }
      case "composite.dispatch": {
        // Every dispatch is recorded, so later steps light only the edges taken.
        const edges = spans.dispatch(step.node, step.target, step.label);
        if (current) edges.forEach((edge) => { edge.classList.remove("dim"); edge.classList.add("active"); });
        break;
      }
      case "route.match":
        lightRoute(svg, step.node,
          { route: step.route, method: step.method, row: step.routeRow });
        break;
    }
  }

  window.Pastescope.lightStep = lightStep;
})();
