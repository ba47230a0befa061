// The live stream of the request pages (Live, /requests): only the messages the page reads
// (#live's `data-events`) of the stacks it shows (the list's stack filter, and on Live the stack
// its diagram draws), subscribed to anew as either changes; every stack's while the list shows
// every stack's. Beside a busy stack, a page showing another one was sent all of its rows, to
// hide them. htmx-ext-sse opens the stream through `htmx.createEventSource`: it is handed here
// one source for the page's life, whose EventSource underneath is replaced at each change,
// resuming (`after`, as EventSource sets no Last-Event-ID on a source of its own) after the last
// message the page had, or, as a list fetched for its new filter is shown, after the last it had
// as that list was asked for: the old subscription went on delivering the old stack's messages
// while the list was read, and a row of the new stack published then would be lost. No message is
// lost; one the list already holds is not listed twice (request_list.js's addRows).
(function () {
  "use strict";

  // The id of the last message the page had, on any of its sources.
  let lastId = "";

  function live() {
    return document.getElementById("live");
  }

  // The stacks whose messages the page reads, or none: every stack's.
  function stacksShown() {
    const form = document.getElementById("request-filters");
    const listed = shownStack === null ? (form ? form.elements.stack.value : "") : shownStack;
    if (!listed) return [];
    const drawn = live().dataset.stack;
    return drawn && drawn !== listed ? [listed, drawn] : [listed];
  }

  // The stack filter of the list shown (request_list.js's `pastescope:list-shown`): null until
  // the first, the form's as the page came then.
  let shownStack = null;

  function subscriptionUrl(base) {
    const params = new URLSearchParams({ events: live().dataset.events });
    for (const stack of stacksShown()) params.append("stack", stack);
    return base + "?" + params;
  }

  // What htmx-ext-sse takes for an EventSource: its listeners and `onopen`/`onerror` are kept
  // here and handed to each EventSource opened underneath.
  class Subscription {
    constructor(base) {
      this.base = base;
      this.listeners = [];
      this.onopen = null;
      this.onerror = null;
      this.url = subscriptionUrl(base);
      this.open();
    }

    get readyState() {
      return this.source.readyState;
    }

    // The stream, after message `after` ("": from now).
    open(after = lastId) {
      const source = new EventSource(this.url + (after ? "&after=" + encodeURIComponent(after) : ""));
      // First, so each message's id is kept before the page handles it.
      for (const name of live().dataset.events.split(",")) {
        source.addEventListener(name, (event) => {
          lastId = event.lastEventId;
        });
      }
      source.onopen = (event) => this.onopen && this.onopen(event);
      source.onerror = (event) => this.onerror && this.onerror(event);
      for (const [name, listener] of this.listeners) source.addEventListener(name, listener);
      this.source = source;
    }

    addEventListener(name, listener) {
      this.listeners.push([name, listener]);
      this.source.addEventListener(name, listener);
    }

    removeEventListener(name, listener) {
      this.listeners = this.listeners.filter(([n, l]) => n !== name || l !== listener);
      this.source.removeEventListener(name, listener);
    }

    close() {
      this.source.close();
    }

    // The stacks shown changed: the stream of theirs, from the message after `after`. A closed
    // EventSource dispatches nothing more, so none of its messages follows the switch.
    follow(after = lastId) {
      const url = subscriptionUrl(this.base);
      if (url === this.url || this.source.readyState === EventSource.CLOSED) return;
      this.url = url;
      this.source.close();
      this.open(after);
    }
  }

  let current = null;

  htmx.createEventSource = (url) => {
    if (!live() || !live().dataset.events) return new EventSource(url);
    current = new Subscription(url);
    return current;
  };

  // The id of the last message the page had as each list fetch still unanswered was sent (the
  // filters' form, a list fetched again: htmx requests into #rows).
  const asked = new Map();

  function listFetch(event) {
    return event.detail.target && event.detail.target.id === "rows";
  }

  // htmx:beforeSend, not beforeRequest: a request held back then (request_list.js's
  // holdHalfTyped) is never sent, and never answered.
  document.addEventListener("htmx:beforeSend", (event) => {
    if (listFetch(event)) asked.set(event.detail.xhr, lastId);
  });

  // Answered, failed or aborted alike.
  document.addEventListener("htmx:afterRequest", (event) => {
    if (listFetch(event)) asked.delete(event.detail.xhr);
  });

  // The message to resume after as a list is shown: the oldest the page had as a list still
  // unanswered was asked for (the one shown among them: it is shown before htmx calls it
  // answered); the last it had for the list that came with the page. NOTE: a list asked for
  // before the page had any message resumes from now: the stream names no id until it sends one.
  function listAskedAfter() {
    let after = null;
    for (const id of asked.values()) {
      if (after === null || Number(id) < Number(after)) after = id;
    }
    return after === null ? lastId : after;
  }

  document.addEventListener("pastescope:list-shown", (event) => {
    shownStack = event.detail.stack;
    if (current) current.follow(listAskedAfter());
  });

  document.addEventListener("DOMContentLoaded", () => {
    if (!live()) return;
    new MutationObserver(() => current && current.follow())
      .observe(live(), { attributes: true, attributeFilter: ["data-stack"] });
  });
})();
