"""Redact secrets from event data before it leaves the stack: what is secret, and what hides it.

Called when a trace is turned into events (off the request path), for every sink alike, so a
token never reaches a file, the network or the dashboard. The header list is DESIGN.md's; other
headers, query parameters, JSON fields and settings are matched by name, because OpenStack
spreads secrets over many names (`password`, `adminPass`, `auth_token`, `X-Amz-Signature`…):
one list of such words (`SECRET_WORDS`) serves them all, each place adding only what is its own.
A header that carries a URL (`Referer`) has that URL's query and password redacted. A graph's
settings (`conf`) are redacted where the graph is built, as the graph leaves the stack too
(announcement, `inspect`): by name, and where a value holds one whatever its name (a URL's
password, or its query's secret parameters as a request's are, or the text of a secret hidden in
another setting); and so is what the graph's messages quote of them, by the same rules.

Each place is a module of its own, as each reads its secrets its own way: `stack.redact_url` (a
URL, a query, a request line), `stack.redact_environ` (a request's headers and environ values),
`stack.redact_json` (JSON bodies), `stack.redact_settings` (an ini's settings, and the texts they
hide elsewhere).
"""

from __future__ import annotations

#: What a redacted value is replaced with.
REDACTED = "***"
#: Words that make a name secret wherever it is met, a header's, a query parameter's, a JSON
#: member's or a setting's: nova's `adminPass`, `X-Passphrase`, a `pwd`, a `swift_creds`, an
#: `api_key`, a bare `pass` or one ending a name (swift's `X-Storage-Pass`), not a `passage`
#: or a `bypass`.
SECRET_WORDS = (r"password|passwd|passphrase|adminpass|pwd|secret|token|credential|creds"
                r"|signature|api_?key|access_?key|(?<![a-z0-9])pass$")
