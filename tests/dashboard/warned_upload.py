"""An upload with warnings (the file's and its nodes'), and what the upload page lists of them:
the same file and words for the page's HTML and for the page as a browser shows it."""

from __future__ import annotations

#: A header missing its `]` in [DEFAULT] (the file's warning), one indented under [app:a]'s
#: `script` (a node's), and a `require` nothing checks (a node's, at its own line).
WARNED = b"""\
[DEFAULT]
debug = true
[server:main
port = 8080

[composite:main]
use = egg:Paste#urlmap
/ = a

[app:a]
use = egg:A#a
require = A
script = run
  [app:b]
"""

#: What the page lists, in the file's order: the place, the section, a dash, the warning (its
#: backticks set as code, not shown).
LISTED = [
    "warned.ini:3 in [DEFAULT] — '[server:main' looks like a section header missing its ]: "
    "PasteDeploy reads it, and the lines after it up to the next [section], as settings of "
    "[DEFAULT]",
    "warned.ini:12 in [app:a] — require = A is not checked here",
    "warned.ini:14 in [app:a] — '[app:b]' is indented: PasteDeploy reads it as a continuation "
    "of the value of 'script' in [app:a], not as a section header, and the non-indented lines "
    "after it up to the next [section] as settings of [app:a]",
]
