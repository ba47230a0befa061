"""Inis whose composite has an alternative PasteDeploy would refuse to load, for the tests of
what `inspect`, `which` and the upload page say of it."""

from __future__ import annotations

#: A `pipeline_factory` whose `keystone` alternative names sections and an entry point, each
#: there, but one refused as it loads: `twice` answers to two sections, and Paste has no
#: `nonesuch` filter. A test adds `auth_strategy` to pick the other alternative.
REFUSED_WORDS = """\
[composite:main]
use = call:stack.wsgi:pipeline_factory
noauth = request_id apiapp
keystone = request_id egg:Paste#nonesuch twice apiapp

[filter:request_id]
paste.filter_factory = stack.filters.request_id:RequestId.factory

[filter:twice]
paste.filter_factory = stack.demo.auth:TokenAuth.factory

[filter: twice]
paste.filter_factory = stack.demo.auth:TokenAuth.factory

[app:apiapp]
paste.app_factory = stack.demo.compute:APIRouter.factory
"""

#: Nova's shape, its `keystone` alternative (the default) refused for a misspelt word.
REFUSED_ALTERNATIVE = """\
[composite:main]
use = call:nova.api.auth:pipeline_factory_v21
noauth = noauth myapp
keystone = authtoken keystonecontxt myapp
[filter:noauth]
paste.filter_factory = nova.api.openstack.auth:NoAuthMiddleware.factory
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory
[app:myapp]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
"""
