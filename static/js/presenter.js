// Presenting to viewers, on every page of the teacher's browser tab: the state, the posts to
// /api/presenter (dashboard/presenter.py), the heartbeat, and the bar that says it is on.
//
// "Present to viewers" (the step view's button, stepper.js) turns on a state of the tab, not of
// one page: it is kept in sessionStorage, so every page the teacher opens in that tab goes on
// presenting. The step view shows the class its stepper's moves (stepper.js); Live and the
// request pages show the request the teacher opens, at its first step (live.js, `present`).
// Pages without the step view's button say presenting is on in a bar under the header
// (base.html), whose button stops it. Positions are posted one at a time, so viewers get them
// in order; stopping posts no position, and viewers are told. While presenting, the page posts
// a heartbeat every HEARTBEAT_MS, which viewers hear as the teacher's page still being there
// (stepper.js's Follower waits SILENT_MS, a few beats, before it says it went quiet).
(function () {
  "use strict";
  const shared = (window.Pastescope = window.Pastescope || {});
  if (shared.presenter) return;

  const PRESENTER_URL = "/api/presenter";
  const HEARTBEAT_URL = "/api/presenter/heartbeat";
  const HEARTBEAT_MS = 15000;
  const KEY = "pastescope.presenting";
  // The trace this tab last showed the class: opening it again does not take them back to its
  // first step.
  const SHOWN_KEY = "pastescope.presented";

  const outbox = { posting: false, next: null };  // one post at a time; the newest waits
  let heartbeat = null;  // the interval timer, while this tab presents
  let teller = barSays;  // says a refused heartbeat: where the last position was said

  function read(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (error) {
      return null;  // storage refused (a policy): presenting cannot be kept, so it is off
    }
  }

  function write(key, value) {
    try {
      if (value === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, value);
    } catch (error) {
      // Storage refused: nothing is kept, as read() says.
    }
  }

  function on() {
    return read(KEY) === "1";
  }

  // Turn presenting on or off for the tab; off, viewers are told (a refusal said by `say`).
  // Pages hear `pastescope:presenting`.
  function set(value, say = barSays) {
    write(KEY, value ? "1" : null);
    if (!value) publish({ trace: null }, say);
    show();
    document.dispatchEvent(new CustomEvent("pastescope:presenting", { detail: { on: value } }));
  }

  // POST `body` for the viewers; a refusal or silence is said by `say`. A promise of whether
  // the dashboard took it.
  function post(url, body, say) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then((response) => response.json().then((answer) => {
      if (!response.ok) say("viewers not updated: " + (answer.error || response.status));
      return response.ok;
    })).catch(() => {
      say("viewers not updated: the dashboard did not answer");
      return false;
    });
  }

  // Show the class `position` (`{trace, index}`), or (`{trace: null}`) that presenting stopped.
  function publish(position, say = barSays) {
    outbox.next = { position, say };
    if (outbox.posting) return;
    outbox.next = null;
    outbox.posting = true;
    teller = say;
    write(SHOWN_KEY, position.trace);
    post(PRESENTER_URL, position, say).then((taken) => {
      if (!taken && read(SHOWN_KEY) === position.trace) write(SHOWN_KEY, null);
    }).finally(() => {
      outbox.posting = false;
      if (outbox.next) publish(outbox.next.position, outbox.next.say);
    });
  }

  // A request the teacher opened (a row on Live, Send's answer, a request page): while
  // presenting, the class sees it from its first step, unless they are on it already.
  function present(trace) {
    if (on() && trace && read(SHOWN_KEY) !== trace) publish({ trace, index: 0 });
  }

  function barSays(text) {
    const output = document.querySelector("#presenting-bar output");
    if (output) output.textContent = text;
  }

  // The bar shows while presenting, on pages without the step view's own button (a viewer's
  // stepper on /follow has one too, and does not count).
  function show() {
    const bar = document.getElementById("presenting-bar");
    if (bar) {
      const buttons = document.querySelectorAll('.stepper [data-action="present"]');
      const own = Array.from(buttons).some((button) => !button.closest(".follow"));
      if (!on()) barSays("");
      bar.hidden = !on() || own;
    }
    if (on() && !heartbeat) heartbeat = setInterval(beat, HEARTBEAT_MS);
    if (!on() && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
  }

  function beat() {
    if (heartbeat) post(HEARTBEAT_URL, {}, teller);
  }

  shared.presenter = { on, set, publish, present };
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest('[data-action="stop-presenting"]')) set(false);
  });
  // Back from sleep, or shown again: the viewers hear at once, not at the next beat.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") beat();
  });
  // A step view htmx swaps in (a lesson's) says it itself; and a page brought back by Back
  // from the browser's cache may show a state the tab has changed since.
  document.addEventListener("htmx:load", show);
  window.addEventListener("pageshow", show);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
