// The Live replay's hop list (#hops): a line for each event of the request playing, in words,
// as the replay reaches it (player.js, loaded after this file, lights the diagram and calls
// these). A line names its event's kind and node in data-* attributes, for CSS and tests.
// Paths and route arguments are the dashboard's words for them (an event's `shown`).
(function () {
  "use strict";

  // How near its end (px) the hop list counts as at its end, and so follows the newest hop: a
  // zoomed page (a projector's) scrolls by fractions of a pixel.
  const FOLLOW_SLACK_PX = 4;

  // "0.286 ms": a layer's real duration, as the hop list and the diagram's boxes print it.
  function durationText(value) {
    if (value === null || value === undefined) return "";
    return value < 1 ? value.toFixed(3) + " ms" : value < 100 ? value.toFixed(2) + " ms" : value.toFixed(0) + " ms";
  }

  // The line `event` adds to the hop list.
  function hopWords(event) {
    const data = event.data || {};
    switch (event.kind) {
      case "request.start":
        return data.method + " " + event.shown.path + (data.query ? "?" + data.query : "");
      case "composite.dispatch":
        return (event.node || "composite") + " chose " + data.label + " → " + data.target;
      case "composite.miss":
        // "no key took", not "no prefix matches": a key bound to another host may have the
        // path's prefix (the request page says which).
        return (event.node || "composite") + ": no key took " + event.shown.path;
      case "node.enter":
        return "→ " + event.node;
      case "route.match":
        return "route " + data.method + " " + data.template + " → "
          + data.match.controller + "." + data.match.action
          + "(" + event.shown.args + ")";
      case "route.miss":
        return "no route for " + data.method + " " + event.shown.path + " → " + data.status;
      case "controller.action":
        return data.controller + "." + data.action + "(" + Object.keys(data.args || {}).join(", ") + ")";
      case "controller.return":
        return "action returned " + (data.status ?? "(raised)") + " in " + durationText(data.duration_ms);
      case "error":
        return data.type + ": " + data.message + (data.raised_in ? " at " + data.raised_in : "")
          + " (caught by " + (data.caught_by || "nobody") + ")";
      case "wsgi.warning":  // only from a stack served with --check-wsgi
        return "WSGI rule broken: " + data.message;
      case "node.leave":
        // what the layer passed up, in the dashboard's words (`outcome`: "404", "raised"…)
        return "← " + event.node + " " + event.outcome
          + " in " + durationText(data.duration_ms)
          + (!data.short_circuit ? "" : data.status == null ? " (without calling the next layer)"
            : " (answered on its own)");
      case "request.end":
        return "response " + data.status + ", " + data.bytes + " bytes, " + durationText(data.duration_ms);
      default:
        return event.kind;
    }
  }

  // Add `text`, a line about `event`, to the hop list.
  function logHop(event, text) {
    const hops = document.getElementById("hops");
    if (!hops) return;
    const item = document.createElement("li");
    item.dataset.kind = event.kind;
    if (event.node) item.dataset.node = event.node;
    item.textContent = text;
    // The list scrolls past its ninth hop: it follows the newest, as the frame follows the
    // box, so the route, the action and the way back are read as they happen. Only the list
    // scrolls, never the page; and only while it stood at its end: a teacher who scrolled up
    // to point at a hop keeps it under the pointer, and scrolls down to follow again.
    const atEnd = hops.scrollHeight - hops.clientHeight - hops.scrollTop <= FOLLOW_SLACK_PX;
    hops.appendChild(item);
    if (atEnd) hops.scrollTop = hops.scrollHeight;
  }

  // Empty the hop list, for the next replay or another drawing.
  function clearHops() {
    const hops = document.getElementById("hops");
    if (hops) hops.replaceChildren();
  }

  window.Pastescope = Object.assign(window.Pastescope || {}, { clearHops, durationText, hopWords, logHop });
})();
