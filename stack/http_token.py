"""What an HTTP token is (RFC 9110 `token`): the characters methods and header names are made of.

A method or a header name holding any other character is one no request line or header block
could carry. Every check of either uses these: `resolve` (`which`'s method and `-H` headers),
the dashboard's Send (`sender`) and lesson files (`lesson_files`), and the header names a layer
passes up (`wsgi_checks`). They live apart so that `wsgi_checks`, which the loader imports for
every `serve`, does not import `resolve` (and its routing) for one character class.
"""

from __future__ import annotations

import re

#: The characters of an HTTP token (RFC 9110 `tchar`), which methods and header names are,
#: as a regular expression's character class holds them: one rule for every check of either.
TOKEN_CHARS = r"!#$%&'*+.^_`|~0-9A-Za-z-"
#: An HTTP method is a token (RFC 9110); a longer one is no method anyone sends.
METHOD = re.compile(f"[{TOKEN_CHARS}]{{1,32}}")
#: A header's name, a token (`match` it: `\Z`, not `$`, which would let a final newline by).
HEADER_NAME = re.compile(f"[{TOKEN_CHARS}]{{1,100}}\\Z")
