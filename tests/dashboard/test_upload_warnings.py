"""An uploaded ini's warnings: the file's own in `POST /api/inis`, all of them written on its page.

A header PasteDeploy reads as a setting hides a section; in [DEFAULT] or [server:main] there is
no box to hang a ⚠ on, and a ⚠ is only seen by hovering, so the page lists every warning with
its line.
"""

from __future__ import annotations

import html
import re

from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import upload
from tests.dashboard.uploading import uploaded
from tests.dashboard.warned_upload import LISTED
from tests.dashboard.warned_upload import WARNED


def listed(page: str) -> list[str]:
    """The warnings the page lists, as text a reader sees."""
    found = page.split('<ul class="ini-warnings"')[1].split("</ul>")[0]
    items = re.findall(r"<li[^>]*>(.*?)</li>", found, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]*>", "", item)).split()) for item in items]


def test_the_files_own_warnings_are_in_the_answer(dashboard):
    status, _, doc = upload(dashboard, "warned.ini", WARNED)
    assert status == 200
    assert doc["warnings"] == [{"section": "DEFAULT", "line": 3, "warning": (
        "'[server:main' looks like a section header missing its `]`: PasteDeploy reads it, and "
        "the lines after it up to the next [section], as settings of [DEFAULT]")}]


def test_the_page_lists_every_warning_with_its_line(dashboard):
    ini_id = uploaded(dashboard, "warned.ini", WARNED)
    assert listed(dashboard.get(f"/inis/{ini_id}")[2]) == LISTED
    partial = dashboard.get(f"/inis/{ini_id}", headers=HTMX)[2]
    assert listed(partial) == LISTED


def test_a_file_without_warnings_lists_none(dashboard):
    doc = upload(dashboard, "quiet.ini", b"[app:main]\nuse = egg:A#a\n")[2]
    assert doc["warnings"] == []
    assert "ini-warnings" not in dashboard.get(f"/inis/{doc['id']}")[2]


def test_the_warnings_have_a_heading_like_the_errors_and_names_set_as_code(dashboard):
    ini_id = uploaded(dashboard, "warned.ini", WARNED + b"[pipeline:p]\npipeline = nosuch a\n")
    page = dashboard.get(f"/inis/{ini_id}")[2]
    assert "<h3>PasteDeploy would refuse this section:</h3>" in page
    assert "<h3>Warnings:</h3>" in page
    warnings = page.split('<ul class="ini-warnings"')[1].split("</ul>")[0]
    assert "`" not in warnings
    assert "missing its <code>]</code>: PasteDeploy" in warnings
    assert "warned.ini:3 in <code>[DEFAULT]</code> — &#39;[server:main&#39; looks" in warnings


def test_what_is_said_of_here_quotes_it_as_the_file_writes_it(dashboard):
    """An upload has no folder for `%(here)s` to name: its warnings, refusals and missing
    members read `%(here)s`, as the file and the box do, not a placeholder of the reader's."""
    text = b"[pipeline:main]\npipeline = %(here)s app\n[app:app]\nuse = config:%(here)s/x.ini\n"
    doc = upload(dashboard, "here.ini", text)[2]
    warning = ("here.ini:4: config:%(here)s/x.ini: not followed (an uploaded file cannot refer "
               "to other files)")
    refusal = "'%(here)s': no such filter section"
    nodes = {node["id"]: node for node in doc["graphs"][0]["nodes"]}
    assert nodes["app:app"]["warnings"] == [warning]
    assert doc["errors"] == [{"section": "pipeline:main", "line": 2, "error": refusal}]
    assert nodes["pipeline:main"]["refused_members"][0]["name"] == "%(here)s"
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    assert listed(page) == [warning.replace(": ", " in [app:app] — ", 1)]
    assert f"warning: {warning}</title>" in page  # the box's tooltip
    assert f"<title>%(here)s: {html.escape(refusal, quote=False)}</title>" in page


def test_a_header_of_a_kind_no_name_loads_names_its_section_once(dashboard):
    """The page puts each warning's section before its dash: the warning's own `[SECTION]: `,
    which the tree's `FILE:LINE: ` needs, read `in [fitler:authtoken] — [fitler:authtoken]: …`."""
    text = b"[pipeline:main]\npipeline = app\n\n[fitler:authtoken]\nauth_host = k\n\n" \
           b"[app:app]\nuse = egg:A#a\n"
    ini_id = uploaded(dashboard, "typo_filter.ini", text)
    assert listed(dashboard.get(f"/inis/{ini_id}")[2]) == [
        "typo_filter.ini:4 in [fitler:authtoken] — fitler is no section kind PasteDeploy reads "
        "(did you mean filter?), so no name loads this section"]
