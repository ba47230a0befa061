// Presenting to viewers, on every page of the teacher's browser tab: the state, the posts to
// /api/presenter (dashboard/presenter.py), the heartbeat, and the bar that says it is on.
//
// "Present to viewers" (the step view's button, stepper.js, and Live's, in its player bar)
// turns on a state of the tab, not of one page: it is kept in sessionStorage, so every page the
// teacher opens in that tab goes on presenting. The step view shows the class its stepper's
// moves (stepper.js); Live and the request pages show the request the teacher opens, at its
// first step (live.js, send_answer.js: `present`). Every page says presenting is on in a bar
// under the header (base.html), whose button stops it, and hides the buttons that start it.
// Positions are posted one at a time, so viewers get them in order; stopping posts no position,
// and viewers are told: it is off only once the dashboard took it, as until then the class
// still sees the teacher's last step (a refusal is said, and presenting stays on). While
// presenting, the page posts a heartbeat every HEARTBEAT_MS, which viewers hear as the
// teacher's page still being there (follower.js waits SILENT_MS, a few beats, before
// it says it went quiet).
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
  let stopping = null;  // the stop posted last, not yet answered: nothing more is shown the class

  // Storage refused (tab_storage.js), presenting cannot be kept, so it is off.
  const { read, write } = shared.tabStorage;

  // Whether the tab presents: what the class sees follows what the teacher opens.
  function on() {
    return kept() && !stopping;
  }

  // Whether the tab presents as far as the class knows: a stop not yet taken leaves it on.
  function kept() {
    return read(KEY) === "1";
  }

  // Turn presenting on or off for the tab; off once the viewers were told, and not if that was
  // refused (said by `say`). Pages hear `pastescope:presenting` when it changed.
  function set(value, say = barSays) {
    if (value) {
      stopping = null;
      changed(true);
      return;
    }
    const shown = read(SHOWN_KEY);
    const stop = {};
    stopping = stop;
    publish({ trace: null }, say, (taken) => {
      if (stopping !== stop) return;  // turned on again, or stopped again, meanwhile
      stopping = null;
      if (taken) {
        changed(false);
        return;
      }
      // NOTE: the bar needs no redrawing: it showed presenting on, and the tab still is
      write(SHOWN_KEY, shown);  // the class is still on it
    }, "not stopped, viewers were not told");
  }

  function changed(value) {
    write(KEY, value ? "1" : null);
    show();
    document.dispatchEvent(new CustomEvent("pastescope:presenting", { detail: { on: value } }));
  }

  // POST `body` for the viewers; a refusal or silence is said by `say`, after `head`. A promise
  // of whether the dashboard took it.
  function post(url, body, say, head = "viewers not updated") {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then((response) => response.json().then((answer) => {
      if (!response.ok) say(head + ": " + (answer.error || response.status));
      return response.ok;
    })).catch(() => {
      say(head + ": the dashboard did not answer");
      return false;
    });
  }

  // Show the class `position` (`{trace, index}`), or (`{trace: null}`) that presenting stopped;
  // `done` hears whether the dashboard took it (not if a newer position replaced it unsent),
  // and a refusal is said by `say`, after `head`.
  function publish(position, say = barSays, done = () => {}, head) {
    outbox.next = { position, say, done, head };
    if (outbox.posting) return;
    outbox.next = null;
    outbox.posting = true;
    teller = say;
    write(SHOWN_KEY, position.trace);
    post(PRESENTER_URL, position, say, head).then((taken) => {
      if (!taken && read(SHOWN_KEY) === position.trace) write(SHOWN_KEY, null);
      done(taken);
    }).finally(() => {
      outbox.posting = false;
      const next = outbox.next;
      if (next) publish(next.position, next.say, next.done, next.head);
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

  // The buttons that start presenting: Live's, in its player bar, and the step view's.
  const STARTS = '[data-action="start-presenting"], .stepper [data-action="present"]';

  // The bar shows while presenting, on every page; the buttons that start it while not (a step
  // view htmx swaps in is shown as it loads: htmx:load, below).
  function show() {
    const bar = document.getElementById("presenting-bar");
    if (bar) {
      if (!kept()) barSays("");
      bar.hidden = !kept();
    }
    document.querySelectorAll(STARTS).forEach((button) => {
      button.hidden = kept();
    });
    if (kept() && !heartbeat) heartbeat = setInterval(beat, HEARTBEAT_MS);
    if (!kept() && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
  }

  function beat() {
    if (heartbeat) post(HEARTBEAT_URL, {}, teller);
  }

  shared.presenter = { on, set, publish, present };
  document.addEventListener("click", (event) => {
    if (!event.target.closest) return;
    if (event.target.closest('[data-action="stop-presenting"]')) set(false);
    if (event.target.closest('[data-action="start-presenting"]')) start();
  });

  // Live's "Present to viewers": presenting on, and the keyboard's focus, which was on the
  // button it hides, on the bar's Stop presenting that takes its place.
  function start() {
    set(true);
    const stop = document.querySelector('#presenting-bar [data-action="stop-presenting"]');
    if (stop) stop.focus();
  }

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
