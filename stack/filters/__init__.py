"""The compute demo's filters, one per module, each a `stack.wsgi.Middleware`.

They mirror what nova and oslo.middleware put in front of the compute API, small enough to read
in a minute: request id, fault wrapper, body size limit, token auth and its noauth alternative.
"""
