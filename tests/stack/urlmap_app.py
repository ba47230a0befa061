"""An [app:…] section whose factory is Paste's urlmap, and the warning its node carries:
PasteDeploy builds it as a composite, as `inspect` and the upload page say."""

from __future__ import annotations

#: The QA's reproduction: an [app:…] section whose factory is Paste's urlmap.
URLMAP_APP = """\
[app:main]
use = egg:Paste#urlmap
/demo/ = app

[app:app]
use = egg:Paste#static
document_root = %(here)s/files
"""

#: The warning on the [app:main] node, at its `use =` line.
BUILT_AS_COMPOSITE = (
    "api-paste.ini:2: PasteDeploy builds it as a composite, whatever its [app:…] header "
    "says: its factory, `egg:Paste#urlmap`, is Paste's entry point in the group "
    "paste.composite_factory, and that group decides how it is called; so its keys are its "
    "branches")
