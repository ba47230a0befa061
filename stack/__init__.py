"""Pastescope's instrumented OpenStack-style WSGI stack.

`graph` reads an api-paste.ini into a PipelineGraph without importing anything from it;
`loader` builds the real app with PasteDeploy, wraps every node in a probe (`node_probe`)
under a traced root (`trace`), and, asked (`serve --check-wsgi`), each layer in the WSGI rule
checks of `wsgi_checks`;
`wsgi` is a nova-style Request/Middleware/Router/Resource with route and controller events;
`sinks` carry finished traces off the request path; `server` serves it all on eventlet.
"""
