// The live stream of the request pages (Live, /requests): only the messages the page reads
// (#live's `data-events`) of the stacks it shows (the list's stack filter, and on Live the stack
// its diagram draws), subscribed to anew as either changes; every stack's while the list shows
// every stack's. Beside a busy stack, a page showing another one was sent all of its rows, to
// hide them. htmx-ext-sse opens the stream through `htmx.createEventSource`: it is handed here
// one source for the page's life, whose EventSource underneath is replaced at each change,
// resuming (`after`, as EventSource sets no Last-Event-ID on a source of its own) after the last
// message the page had, or, as a list is shown, after the message the list is current as of
// (#rows's `data-stream-id`: the dashboard reads the stream's latest id before the list, for the
// page's own list and for each fetched again, request_list.js's listAnswered): a row published
// while the list was read, before the page had any message or while the old subscription went
// on delivering to the list being replaced, would be lost. No message is lost; one the list
// already holds is not listed twice (request_list.js's addRows).
(function () {
  "use strict";

  // The id of the last message the page had on the EventSource open, or, before it had any,
  // of the message it was opened after.
  let lastId = "";

  // The id of the stream's last message the list shown is current as of.
  function listStreamId() {
    const rows = document.getElementById("rows");
    return (rows && rows.dataset.streamId) || "";
  }

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
      this.open(listStreamId());
    }

    get readyState() {
      return this.source.readyState;
    }

    // The stream, after message `after` ("": from now).
    open(after) {
      lastId = after;
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

    // The stacks shown changed, or a list was shown that is older than the last message the
    // page had (what came meanwhile was listed in the list it replaced): the stream of theirs,
    // from the message after `after`. A closed EventSource dispatches nothing more, so none
    // of its messages follows the switch.
    follow(after = lastId) {
      const url = subscriptionUrl(this.base);
      const behind = Boolean(after && lastId) && Number(after) < Number(lastId);
      if ((url === this.url && !behind) || this.source.readyState === EventSource.CLOSED) return;
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

  document.addEventListener("pastescope:list-shown", (event) => {
    shownStack = event.detail.stack;
    if (current) current.follow(listStreamId());
  });

  document.addEventListener("DOMContentLoaded", () => {
    if (!live()) return;
    new MutationObserver(() => current && current.follow())
      .observe(live(), { attributes: true, attributeFilter: ["data-stack"] });
  });
})();
