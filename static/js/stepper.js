// Steps through one recorded request: play, pause, back, forward, jump to a hop, speed.
//
// Every `.stepper` on the page (including ones htmx swaps in later: a lesson, a viewer's page)
// gets a Stepper. The words and environ changes of every step are already in the page (one
// `.step` each, all but the current hidden); what a step shows on the diagram is
// step_lights.js's (loaded first, after boxes.js). State lives in data-* attributes on
// `.stepper` (index, state, speed) for CSS and tests. Projector mode is projector.js's, which
// every page loads. "Present to viewers" is presenter.js's state of the tab (base.html loads it
// on every page), so a stepper a lesson loads later, or the next request the teacher opens, goes
// on presenting. While it is on, the page's latest stepper — the one loaded or used last, which
// the keys also drive — posts each move to /api/presenter, with the lesson step a lesson's Run
// opened it for, and `/follow` pages (follower.js) replay it; turning it off posts no position.
// Each move of a stepper is a `pastescope:step` event on it. The partial loads this script
// itself, so it may run more than once: only the first run defines anything.
(function () {
  "use strict";
  if (window.Pastescope && window.Pastescope.Stepper) return;

  const STEP_MS = 1600;
  const { lightStep, presenter, projector } = window.Pastescope;

  let latest = null;  // the Stepper loaded or used last: the keys drive it, viewers see it

  // Presenting on for the tab: viewers see the latest stepper. The bar under the header
  // (presenter.js) stops it, as on every page.
  function startPresenting() {
    presenter.set(true, (text) => { if (latest && latest.root.isConnected) latest.status(text); });
    if (latest && latest.presents) publish(latest);
  }

  // The stepper the viewers see says so (its Present button shows while not presenting, as
  // Live's does: presenter.js hides both).
  function showPresenting() {
    const on = presenter.on();
    document.querySelectorAll(".stepper").forEach((root) => {
      const shown = on && Boolean(root.stepper) && root.stepper === latest && latest.presents;
      root.dataset.presenting = String(shown);
      const output = root.querySelector(".present-status");
      if (output) output.textContent = shown ? "viewers on /follow see this step" : "";
    });
  }

  // The class sees `stepper`'s step (and, for a lesson's Run, which lesson step it is); a
  // refusal is said on its status line.
  function publish(stepper) {
    const position = { trace: stepper.root.dataset.trace, index: stepper.index };
    const step = stepper.root.closest(".lesson-step[data-step]");
    const lesson = step && step.closest(".lesson[data-lesson]");
    if (lesson) position.lesson = { name: lesson.dataset.lesson, step: Number(step.dataset.step) };
    presenter.publish(position, (text) => stepper.status(text));
  }

  // The stepper the keys drive: the latest, or (if htmx swapped it out) the page's last.
  function latestStepper() {
    if (latest && latest.root.isConnected) return latest;
    const roots = document.querySelectorAll(".stepper");
    return roots.length ? Stepper.attach(roots[roots.length - 1]) : null;
  }

  class Stepper {
    // The Stepper of `root`, made on first use (htmx.onLoad and a Follower may both ask).
    static attach(root) {
      if (!root.stepper) root.stepper = new Stepper(root);
      return root.stepper;
    }

    constructor(root) {
      this.root = root;
      this.steps = Array.from(root.querySelectorAll(".step[data-index]"));
      this.hops = Array.from(root.querySelectorAll(".hop[data-index]"));
      this.speedSelect = root.querySelector('select[name="speed"]');
      this.timer = null;
      projector.show(root);  // before the first step is lit: htmx may not have shown it yet
      if (this.speedSelect) {
        this.speedSelect.addEventListener("change", () => this.setSpeed(this.speedSelect.value));
      }
      this.go(parseInt(root.dataset.index, 10) || 0, true, false);
    }

    get last() {
      return this.steps.length - 1;
    }

    // Whether this stepper may show the class its position: the teacher's (it has the present
    // button), and not one a viewer's page follows.
    get presents() {
      return Boolean(this.root.querySelector('[data-action="present"]')) && !this.root.closest(".follow");
    }

    // Make this the latest stepper: the keys drive it and, while presenting, viewers see it.
    use() {
      if (latest === this) return;
      latest = this;
      showPresenting();
      if (presenter.on() && this.presents) publish(this);
    }

    click(event) {
      this.use();
      // A hop clicked with the pointer hands the focus to the stepper, whose Space then steps
      // on: left on it, Space picked the same hop again. Back, Forward and Play keep it (Space
      // presses them again, as a button's does), and so do all from the keyboard (a click with
      // no count). Present to viewers hands it over however pressed: presenting hides it.
      const pointed = event.detail > 0 && event.target.closest(".hop");
      if (pointed || event.target.closest('[data-action="present"]')) {
        this.root.focus({ preventScroll: true });
      }
      const hop = event.target.closest(".hop[data-index]");
      if (hop) {
        this.pause();
        this.go(parseInt(hop.dataset.index, 10));
        return;
      }
      const button = event.target.closest("[data-action]");
      if (!button) return;
      switch (button.dataset.action) {
        case "back": this.pause(); this.go(this.index - 1); break;
        case "forward": this.pause(); this.go(this.index + 1); break;
        case "play": this.toggle(); break;
        case "present": if (!presenter.on()) startPresenting(); break;
      }
    }

    // Show step `index` (clamped): its words, its hop in the list, the diagram as of then; and
    // `tell` screen readers (not the step a stepper opens on: nobody moved).
    go(index, share = true, tell = true) {
      if (!this.steps.length) return;
      index = Math.max(0, Math.min(this.last, index));
      this.index = index;
      this.root.dataset.index = String(index);
      this.steps.forEach((step, i) => { step.hidden = i !== index; });
      this.hops.forEach((hop, i) => {
        if (i === index) hop.setAttribute("aria-current", "step");
        else hop.removeAttribute("aria-current");
      });
      this.reveal(this.hops[index]);
      const number = this.root.querySelector("[data-step-number]");
      if (number) number.textContent = String(index + 1);
      this.light();
      if (tell) this.tell();
      this.root.dispatchEvent(new CustomEvent("pastescope:step", { bubbles: true, detail: { index } }));
      if (share && latest === this && this.presents && presenter.on()) publish(this);
    }

    // Scroll the hop list (only it, not the page) so the current hop is in view.
    reveal(hop) {
      const list = hop && hop.closest(".step-hops");
      if (!list) return;
      const item = hop.parentElement;
      if (item.offsetTop < list.scrollTop || item.offsetTop + item.offsetHeight > list.scrollTop + list.clientHeight) {
        list.scrollTop = item.offsetTop - list.clientHeight / 2;
      }
    }

    // Said once a step is shown: "Request step 3 of 24: " and its sentence (a request's step:
    // a lesson's page and Follow also speak of lesson steps). Not while playing at 1× or
    // faster: a step comes every 1.6 s or sooner, before its sentence is read out, and the
    // lines would queue up behind the play; the step it stops on is said.
    tell() {
      const said = this.root.querySelector(".step-said");
      const speed = parseFloat(this.root.dataset.speed) || 1;
      if (!said || (this.root.dataset.state === "playing" && speed >= 1)) return;
      const text = this.steps[this.index].querySelector(".step-text");
      said.textContent = "Request step " + (this.index + 1) + " of " + this.steps.length + ": "
        + (text ? text.textContent.trim() : "");
    }

    toggle() {
      if (this.root.dataset.state === "playing") {
        this.pause();
        this.tell();
      } else {
        this.play();
      }
    }

    play() {
      if (this.index >= this.last) this.go(0);
      this.root.dataset.state = "playing";
      this.label("❚❚ Pause", true);
      this.schedule();
    }

    pause() {
      clearTimeout(this.timer);
      this.root.dataset.state = "paused";
      this.label("▶ Play", false);
    }

    schedule() {
      const speed = parseFloat(this.root.dataset.speed) || 1;
      this.timer = setTimeout(() => {
        this.go(this.index + 1);
        if (this.index >= this.last) {
          this.pause();
          this.tell();
        } else {
          this.schedule();
        }
      }, STEP_MS / speed);
    }

    // Play's words, and whether it is pressed (its name, "Play or pause", stays).
    label(text, playing) {
      const button = this.root.querySelector('[data-action="play"]');
      if (!button) return;
      button.textContent = text;
      button.setAttribute("aria-pressed", String(playing));
    }

    setSpeed(value) {
      this.root.dataset.speed = String(value);
      if (this.speedSelect) this.speedSelect.value = String(value);
      if (this.root.dataset.state === "playing") {
        clearTimeout(this.timer);
        this.schedule();
      }
    }

    // Key `digit` (1…) picks the digit-th speed of the select.
    speedByDigit(digit) {
      const option = this.speedSelect && this.speedSelect.options[digit - 1];
      if (option) this.setSpeed(option.value);
    }

    // Light the diagram as it is after the step shown (step_lights.js).
    light() {
      const svg = this.root.querySelector(".step-diagram svg");
      if (svg) lightStep(svg, this.steps.map((step) => step.dataset), this.index);
    }

    status(text) {
      const output = this.root.querySelector(".present-status");
      if (output) output.textContent = text;
    }
  }

  // What Space presses when it has the focus (a button, a hop, a link): the page's shortcut
  // leaves the key to it.
  const PRESSED_BY_SPACE = "button, a[href], summary, [role=button], [role=link]";

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest && event.target.closest("input, select, textarea, [contenteditable]")) return;
    if (event.key === " " && event.target.closest && event.target.closest(PRESSED_BY_SPACE)) return;
    const focused = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(".stepper") : null;
    // Unfocused, the keys drive the latest stepper, on a lesson's page of several too: a Run
    // leaves the focus on the page's body (htmx disables its button while it runs).
    const stepper = focused ? Stepper.attach(focused) : latestStepper();
    if (!stepper) return;
    const key = event.key;
    // A presenter's clicker sends PageDown and PageUp: in projector mode, where a teacher
    // presents, they step as → and ← do (a clicker stepped nothing); elsewhere they scroll.
    const clicker = document.body.classList.contains("projector");
    if (key === " " || key === "ArrowRight" || (clicker && key === "PageDown")) {
      stepper.pause(); stepper.go(stepper.index + 1);
    } else if (key === "ArrowLeft" || (clicker && key === "PageUp")) { stepper.pause(); stepper.go(stepper.index - 1); }
    else if (key === "Home") { stepper.pause(); stepper.go(0); }
    else if (key === "End") { stepper.pause(); stepper.go(stepper.last); }
    else if (key === "p" || key === "P") stepper.toggle();
    else if (key >= "1" && key <= "9") stepper.speedByDigit(parseInt(key, 10));
    else return;
    event.preventDefault();
  }

  // Attach every stepper in `element`; the last one new here becomes the latest stepper.
  function attachAll(element) {
    const roots = element.matches && element.matches(".stepper")
      ? [element] : Array.from(element.querySelectorAll ? element.querySelectorAll(".stepper") : []);
    const fresh = roots.filter((root) => !root.stepper);
    roots.forEach((root) => Stepper.attach(root));
    if (fresh.length) fresh[fresh.length - 1].stepper.use();
  }

  // The stepper `target` (an event's) is in, if any.
  function stepperOf(target) {
    return target && target.closest ? target.closest(".stepper") : null;
  }

  function start() {
    attachAll(document);
    if (window.htmx) htmx.onLoad(attachAll);
    // Listened for on the document, not on each stepper: a stepper used before htmx said it
    // loaded (it says so once it settled) is attached then, and no click is lost. attachAll
    // then finds it not fresh, already the latest.
    document.addEventListener("focusin", (event) => {
      const root = stepperOf(event.target);
      if (root) Stepper.attach(root).use();
    });
    document.addEventListener("click", (event) => {
      const root = stepperOf(event.target);
      if (root) Stepper.attach(root).click(event);
    });
    document.addEventListener("keydown", onKey);
    document.addEventListener("pastescope:presenting", showPresenting);
    // The diagram is drawn larger in projector mode, or smaller again: bring each current box
    // back into view.
    document.addEventListener("pastescope:projector", () => {
      document.querySelectorAll(".stepper").forEach((root) => { if (root.stepper) root.stepper.light(); });
    });
  }

  window.Pastescope.Stepper = Stepper;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
