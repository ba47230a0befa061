// `name` in backticks is code, as the dashboard's own pages show it (dashboard/text.py's
// `ticks`), in text a page writes itself: a repeat's differences (send_answer.js), a lesson
// step's notice on Follow (follower.js), a lesson file's refusal (post_file.js, for lessons.js).
// Running it again is harmless.
(function () {
  "use strict";

  // `text` as nodes to append: its words, each part in a pair of backticks as a <code>. A
  // backtick left unpaired stays as it is, as text.py leaves it.
  function ticked(text) {
    const parts = text.split("`");
    const nodes = parts.map((part, index) => {
      if (index % 2 === 0) return document.createTextNode(part);
      const code = document.createElement("code");
      code.textContent = part;
      return code;
    });
    if (parts.length % 2 === 0) nodes[nodes.length - 1] = document.createTextNode("`" + parts[parts.length - 1]);
    return nodes;
  }

  window.Pastescope = Object.assign(window.Pastescope || {}, { ticked });
})();
