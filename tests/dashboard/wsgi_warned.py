"""Inis whose layers break WSGI rules, served by the tests of the pages that show
`serve --check-wsgi`'s warnings (how the warning of a layer that bent the environ ends is
`tests.stack.trace_checks.BENDING`)."""

from __future__ import annotations

#: An app that passes up a status with no reason phrase, behind a filter that passes it on.
INI = """\
[pipeline:main]
pipeline = tag app

[filter:tag]
use = call:tests.stack.paste_apps:make_tag

[app:app]
use = call:tests.stack.paste_apps:make_app
status = 200
"""

BENT_INI = """\
[composite:main]
use = egg:Paste#urlmap
/int = int
/bytes = bytes
/relative = relative
/slashed = slashed
/fine = fine

[pipeline:int]
pipeline = int_count tag app

[pipeline:bytes]
pipeline = bytes_count tag app

[pipeline:relative]
pipeline = relative tag app

[pipeline:slashed]
pipeline = slashed tag app

[pipeline:fine]
pipeline = tag app

[filter:int_count]
use = call:tests.stack.paste_apps:make_bent_environ
key = HTTP_X_COUNT
as_type = int
value = 5

[filter:bytes_count]
use = call:tests.stack.paste_apps:make_bent_environ
key = HTTP_X_COUNT
as_type = bytes
value = five

[filter:relative]
use = call:tests.stack.paste_apps:make_bent_environ
key = PATH_INFO
value = servers/1

[filter:slashed]
use = call:tests.stack.paste_apps:make_bent_environ
key = SCRIPT_NAME
value = /v2/

[filter:tag]
use = call:tests.stack.paste_apps:make_tag

[app:app]
use = call:tests.stack.paste_apps:make_app
"""
