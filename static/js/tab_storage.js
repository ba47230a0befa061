// What a browser tab keeps from page to page (sessionStorage): projector mode (projector.js)
// and presenting (presenter.js). A browser may refuse storage (a private window's quota, a
// policy): then nothing is kept, and every key reads as never written, so each page starts as
// the tab's first would.
//
// NOTE: base.html loads it first in <body>, not deferred, just before projector.js, which reads
// the tab's choice before anything of the page is drawn.
(function () {
  "use strict";

  // The value kept under `key`, or null: none kept, or storage refused.
  function read(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }

  // Keep `value` under `key`, or (null) nothing; storage refused, nothing is kept, as read says.
  function write(key, value) {
    try {
      if (value === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, value);
    } catch (error) {
      // Storage refused: read() answers null.
    }
  }

  window.Pastescope = Object.assign(window.Pastescope || {}, { tabStorage: { read, write } });
})();
