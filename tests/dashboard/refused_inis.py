"""Inis with a link PasteDeploy would not build (a composite's branch, an alternative's word,
a `use`, `next` or `filter-with`), for the tests of how the upload page draws each (as a hole
at the end of its edge, named and why), in the dashboard's SVG and in a browser."""

from __future__ import annotations

from tests.conftest import CINDER

#: The file QA reported, in short: `/` names a `[pipline:…]`, `/v2` a section that is not there,
#: `/v3` a filter.
URLMAP = b"""\
[composite:main]
use = egg:Paste#urlmap
/ = apiversions
/v1 = api
/v2 = apiv2
/v3 = authtoken

[pipline:apiversions]
pipeline = versions

[app:api]
paste.app_factory = stack.demo.compute:APIRouter.factory

[app:versions]
paste.app_factory = stack.demo.compute:Versions.factory

[filter:authtoken]
paste.filter_factory = stack.demo.auth:TokenAuth.factory
"""
#: cinder's file with `authtoken` misspelt in the v2 keystone alternative only.
CINDER_MISSPELT_V2 = CINDER.read_bytes().replace(
    b"keystone = cors request_id faultwrap sizelimit osprofiler authtoken keystonecontext apiv2",
    b"keystone = cors request_id faultwrap sizelimit osprofiler authtokn keystonecontext apiv2")
#: cinder's file with `authtoken` misspelt in every keystone alternative: `keystonecontext`,
#: which only those name, is in no graph.
CINDER_MISSPELT_ALL = CINDER_MISSPELT_V2.replace(b"authtoken keystonecontext",
                                                 b"authtokn keystonecontext")

#: Each of `use`, `next` and `filter-with` naming what PasteDeploy would not load: no section
#: by that name (a misspelt one beside it), a section of the other kind, an unknown scheme.
LINKS = b"""\
[composite:main]
use = egg:Paste#urlmap
/ = api
/n = fapp
/s = odd

[pipeline:api]
pipeline = authtoken app

[filter:authtoken]
use = tokenauth

[app:app]
use = appbase
filter-with = sizelimt

[filter:sizelimit]
paste.filter_factory = stack.filters.size_limit:factory

[filter-app:fapp]
paste.filter_factory = stack.filters.size_limit:factory
next = versions

[filter:versions]
paste.filter_factory = stack.filters.size_limit:factory

[app:odd]
use = foo:bar
"""
#: A filter-app whose filter PasteDeploy refuses as it reads it (an entry point Paste lacks).
REFUSED_FILTER = b"""\
[composite:main]
use = egg:Paste#urlmap
/ = wrapped

[filter-app:wrapped]
use = egg:Paste#nosuch
next = versions

[app:versions]
paste.app_factory = stack.demo.compute:Versions.factory
"""
