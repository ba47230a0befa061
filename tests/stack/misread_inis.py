"""Inis PasteDeploy reads otherwise than they look, for the tests of the warnings said of them
(by `inspect`, and on the upload page)."""

from __future__ import annotations

#: [app:b]'s header is indented under [app:a]'s `script`: it and its `answer` are [app:a]'s.
INDENTED = """\
[composite:main]
use = egg:Paste#urlmap
/ = a
/b = b

[app:a]
use = egg:A#a
script = run
  [app:b]
answer = 42
"""
