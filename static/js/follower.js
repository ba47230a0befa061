// The viewers' page (/follow): follows the teacher's position from the live stream.
//
// While the teacher presents (stepper.js, presenter.js), each move of their stepper is posted to
// /api/presenter and comes here as a `presenter` message: the page loads that request's steps
// (the step view's partial) and shows the same step with a Stepper of its own (stepper.js,
// loaded first). A stepper a lesson's Run opened says which lesson step it is, and the page
// shows that step's title and what to notice above the steps (the dashboard adds them, from the
// lesson); a position with no request says the teacher stopped. A viewer may step on their own
// (each move of a stepper is a `pastescope:step` event on it): the page says while the step
// shown is not the teacher's, with a button back to it, and the teacher's next move brings them
// along (a heartbeat does not). A teacher may also just go (the tab closed, the laptop asleep):
// while presenting, their page posts a heartbeat (presenter.js, every 15 s), relayed here as the
// position again, and a page that hears nothing for SILENT_MS says since when (back at the next
// word). SILENT_MS is over a minute: Chrome runs a tab's timers only once a minute when it has
// been hidden five minutes, and a teacher showing a terminal still presents. Only follow.html
// loads this script, once.
(function () {
  "use strict";

  const SILENT_MS = 75000;
  const { attr, Stepper } = window.Pastescope;

  // "09:05:07": a time of day as the class's clocks show it.
  function clockTime(ms) {
    const date = new Date(ms);
    return [date.getHours(), date.getMinutes(), date.getSeconds()]
      .map((n) => String(n).padStart(2, "0")).join(":");
  }

  // The viewers' page, `root` (#follow).
  class Follower {
    constructor(root) {
      this.root = root;
      this.target = root.querySelector("#follow-steps");
      this.missing = root.querySelector("[data-missing-trace]");
      this.silentNote = root.querySelector(".follow-silent");
      this.offStepText = root.querySelector("[data-off-step-text]");
      this.notesSaid = root.querySelector("[data-notes-said]");
      this.lessonSaid = root.querySelector("[data-lesson-said]");
      this.lesson = root.querySelector(".follow-lesson");
      this.wanted = null;   // the newest position heard of
      this.loaded = null;   // the trace whose steps are on the page
      this.loading = false;
      this.silence = null;  // the timer that says the teacher's page went quiet
      // NOTE: a message the stream replays after this page's own sleep counts as heard then:
      // at worst the note comes SILENT_MS late.
      const source = new EventSource(root.dataset.stream);
      source.addEventListener("presenter", (event) => this.show(JSON.parse(event.data), Date.now()));
      root.addEventListener("pastescope:step", () => this.sayWhere());
      root.querySelector('[data-action="teacher-step"]').addEventListener("click", () => this.backToTeacher());
      // A latecomer: how long the teacher's page had been silent when this page was made.
      const silentMs = root.dataset.silentMs;
      const heard = silentMs === "" ? Date.now() : Date.now() - Number(silentMs);
      fetch(root.dataset.position).then((response) => response.json()).then((position) => {
        if (!this.wanted) this.show(position, heard);
      });
    }

    // `position` heard at `heardAt` (ms): a move, the same position again (a heartbeat: only
    // heard), or none (the teacher stopped).
    show(position, heardAt) {
      if (!position) return;
      if (!position.trace) {
        // The teacher stopped presenting: the last step they showed stays, said to be so.
        this.wanted = null;
        this.hear(null);
        if (this.root.dataset.state !== "waiting") this.root.dataset.state = "stopped";
        this.sayWhere();
        return;
      }
      this.hear(heardAt);
      const wanted = this.wanted;
      this.wanted = position;
      if (!wanted || wanted.trace !== position.trace || wanted.index !== position.index) this.sync();
    }

    // The teacher's page spoke at `heardAt` (null: it stopped presenting, nothing to wait for).
    hear(heardAt) {
      clearTimeout(this.silence);
      this.setSilent(false);
      if (heardAt === null) return;
      this.silence = setTimeout(() => this.setSilent(true, heardAt), heardAt + SILENT_MS - Date.now());
    }

    setSilent(silent, since) {
      this.root.dataset.silent = String(silent);
      if (silent) {
        const time = this.silentNote.querySelector("[data-silent-since]");
        time.textContent = clockTime(since);
        time.setAttribute("datetime", new Date(since).toISOString());
      }
      this.sayNotes();
    }

    // Say the notes the page shows now (the teacher's request missing, presenting stopped, their
    // page silent) on the status line that is always there; nothing while none shows.
    sayNotes() {
      const shown = [[".follow-missing", this.root.dataset.state === "missing"],
        [".follow-stopped", this.root.dataset.state === "stopped"],
        [".follow-silent", this.root.dataset.silent === "true"]];
      const text = shown.filter(([, on]) => on)
        .map(([selector]) => this.root.querySelector(selector).textContent.replace(/\s+/g, " ").trim())
        .join(" ");
      if (this.notesSaid.textContent !== text) this.notesSaid.textContent = text;
    }

    // Bring the page to `wanted`: load its trace's steps if another is shown, then jump.
    sync() {
      const position = this.wanted;
      if (!position) return;  // stopped while a request's steps were loading
      if (this.loaded !== position.trace) {
        if (this.loading) return;
        this.loading = true;
        const url = "/requests/" + encodeURIComponent(position.trace) + "/steps";
        const focused = this.target.contains(document.activeElement);
        const done = () => {
          this.loading = false;
          this.loaded = position.trace;
          // NOTE: the swap took the control a viewer had the focus on (Forward, a hop) with the
          // old steps, and the focus fell to the page's body: it goes to the new stepper, named
          // for its request, whose keys step on from there.
          const stepper = this.target.querySelector(".stepper");
          if (focused && stepper && document.activeElement === document.body) stepper.focus({ preventScroll: true });
          this.sync();
        };
        htmx.ajax("GET", url, { target: this.target, swap: "innerHTML" }).then(done, done);
        return;
      }
      this.root.dataset.trace = position.trace;
      this.root.dataset.index = String(position.index);
      this.sayLesson(position.lesson);
      const element = this.shown();
      this.root.dataset.state = element ? "following" : "missing";
      if (element) {
        // The teacher moved: a viewer who stepped away, or plays on their own, is brought along.
        const stepper = Stepper.attach(element);
        stepper.pause();
        stepper.go(position.index, false);
      } else {
        this.target.replaceChildren();
        this.missing.textContent = position.trace;
      }
      this.sayWhere();
    }

    // The lesson step the teacher shows (`{step, title, notice}`), its title and what to
    // notice; none (undefined: a request that is no lesson's step) hides them. Said a "lesson
    // step", as the stepper below counts the request's steps ("request step 3 of 24"). Each move
    // of the teacher brings the lesson step again: only a new one is written, and said.
    sayLesson(lesson) {
      const title = lesson ? "Lesson step " + lesson.step + (lesson.title ? " · " + lesson.title : "") : "";
      const words = lesson ? title + ": " + lesson.notice.replaceAll("`", "").replace(/\s+/g, " ").trim() : "";
      if (words === this.lessonSaid.textContent) return;
      this.lesson.hidden = !lesson;
      this.lesson.querySelector("[data-lesson-title]").textContent = title;
      this.lesson.querySelector("[data-lesson-notice]").replaceChildren(
        ...(lesson ? window.Pastescope.ticked(lesson.notice) : []));
      this.lessonSaid.textContent = words;
    }

    // The stepper of the teacher's request (data-trace of #follow), if it is on the page.
    // NOTE: a failed load (a 404 once retention dropped the trace) swaps nothing in, so the
    // stepper still here may be the previous request's: only the wanted trace's will do.
    shown() {
      const trace = this.root.dataset.trace;
      return trace ? this.target.querySelector(".stepper" + attr("data-trace", trace)) : null;
    }

    // Say whether the step shown is the teacher's (or, once they stopped, the last they
    // showed), in the request's steps, as its counter says them (not the lesson's step above).
    // Read from the stepper's data-index: its first step is shown before it is attached.
    sayWhere() {
      const element = this.shown();
      const state = this.root.dataset.state;
      const mine = element ? Number(element.dataset.index) + 1 : 0;
      const theirs = Number(this.root.dataset.index) + 1;
      const off = Boolean(element) && (state === "following" || state === "stopped") && mine !== theirs;
      const teacher = state === "stopped" ? "the teacher last showed request step "
        : "the teacher is on request step ";
      const text = off ? "You are on request step " + mine + "; " + teacher + theirs + "." : "";
      // NOTE: the note comes and goes above the stepper: the window scrolls by as much, so the
      // button or step the viewer is pressing stays under the pointer (the note, held at the
      // top, then covers the page's header until they scroll up).
      const before = element ? element.getBoundingClientRect().top : 0;
      this.root.dataset.offStep = String(off);
      this.sayNotes();
      if (this.offStepText.textContent !== text) this.offStepText.textContent = text;
      if (element) window.scrollBy(0, element.getBoundingClientRect().top - before);
    }

    // Back to the teacher's step. The button goes with the note, so the focus goes to the
    // stepper, whose keys step on from there.
    backToTeacher() {
      const element = this.shown();
      if (!element) return;
      const stepper = Stepper.attach(element);
      stepper.pause();
      stepper.go(Number(this.root.dataset.index), false);
      element.focus({ preventScroll: true });
    }
  }

  function start() {
    const follow = document.getElementById("follow");
    if (follow) new Follower(follow);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
