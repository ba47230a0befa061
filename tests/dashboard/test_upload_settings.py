"""An uploaded ini's page lists what each section drawn gives its factory: the drawing has no
room for settings, and "which limit, which tokens" is half of an operator's question."""

from __future__ import annotations

import json
import re

from tests.conftest import DEMO
from tests.dashboard.page_text import section
from tests.dashboard.page_text import shown
from tests.dashboard.uploading import upload
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask


def settings_rows(page: str) -> list[str]:
    """The Settings table's rows, as text a reader sees, a space between cells."""
    table = page.split('<table class="kv ini-settings">')[1].split("</table>")[0]
    return [" ".join(shown(re.sub(r"</t[hd]>", " ", row)).split())
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_the_settings_of_the_sections_drawn_are_listed_secrets_redacted(dashboard):
    ini_id = uploaded(dashboard, "compute.ini", (DEMO / "compute.ini").read_bytes())
    _, _, page = dashboard.get(f"/inis/{ini_id}")
    assert section(page, "Settings").startswith(
        "What each section drawn gives its factory, as PasteDeploy reads them (secret values "
        "redacted); [DEFAULT]'s reach every factory too, as its global_conf.")
    rows = settings_rows(page)
    assert "[filter:sizelimit] line 30 max_request_body_size = 114688 line 32" in rows
    assert "[filter:authtoken] line 34 valid_tokens = *** line 36" in rows
    # Redacted in the table; the demo unchanged says its token in its own comment, above
    # (`test_upload_shipped`).
    assert "demo-token" not in page.split('<div id="settings"')[1]


def test_a_password_in_a_settings_url_query_is_redacted(dashboard):
    """A keystone URL may carry its password as a query parameter; a class's dashboard keeps
    and shows every upload, so it is redacted as a request's query is, whatever the setting's
    name."""
    text = (b"[app:main]\nuse = egg:demo#app\nidentity_uri = http://keystone:35357/"
            b"?password=QPASS&region=north\nswift_creds = CREDS\n")
    ini_id = uploaded(dashboard, "query.ini", text)
    page = dashboard.get(f"/inis/{ini_id}")[2]
    assert settings_rows(page) == [
        "[app:main] line 1 identity_uri = http://keystone:35357/?password=***&region=north line 3",
        "swift_creds = *** line 4"]
    assert "QPASS" not in page and "CREDS" not in page


def test_a_secret_reaching_a_setting_another_way_is_redacted(dashboard):
    """A tempauth reached through another section's `use` holds accounts all the same, and a
    password interpolated into a setting of another name is the password still."""
    text = (b"[DEFAULT]\nadmin_password = s3cr3t-A\n[pipeline:main]\npipeline = auth app\n"
            b"[filter:base]\nuse = egg:swift#tempauth\n[filter:auth]\nuse = base\n"
            b"user_admin_admin = s3cr3t-B .admin\n[app:app]\nuse = egg:demo#app\n"
            b"admin_user_args = --user nova --pw %(admin_password)s\n")
    status, _, doc = upload(dashboard, "leaks.ini", text)
    assert status == 200, doc
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    assert settings_rows(page) == ["[filter:auth] line 7 user_admin_admin = *** .admin line 9",
                                   "[app:app] line 10 admin_user_args = --user nova --pw *** "
                                   "line 12"]
    assert "s3cr3t" not in page and "s3cr3t" not in str(doc)


def test_each_setting_is_cited_with_its_own_line(dashboard):
    """An operator looks for the line of `auth_strategy = keystone`, not of its section's
    header; `set` and `get` settings too, each where it is written."""
    text = (b"[DEFAULT]\nregion = north\n\n[composite:api]\nuse = call:nova.api.auth:"
            b"pipeline_factory\n# the strategy\n\nauth_strategy = keystone\n"
            b"keystone = main\n\n[app:main]\nuse = egg:demo#app\nset limit = 5\n"
            b"get where = region\n")
    ini_id = uploaded(dashboard, "lines.ini", text)
    rows = settings_rows(dashboard.get(f"/inis/{ini_id}")[2])
    assert rows == ["[composite:api] line 4 auth_strategy = keystone line 8",
                    "[app:main] line 11 set limit = 5 line 13", "where = north line 14"]


def test_a_file_whose_sections_have_no_settings_shows_no_table(dashboard):
    text = b"[app:main]\nuse = egg:Paste#static\n"
    ini_id = uploaded(dashboard, "bare.ini", text)
    _, _, page = dashboard.get(f"/inis/{ini_id}")
    assert "<h3>Settings</h3>" not in page and "ini-settings" not in page


def test_no_message_about_an_upload_quotes_an_interpolated_secret(dashboard):
    """What the page and the API say of a value (a warning, a refusal, a box, a hole) is
    redacted as the value is in the Settings table: a class's dashboard keeps every upload."""
    text = (b"[DEFAULT]\nadmin_password = s3cr3t-pw\n[composite:main]\nuse = egg:Paste#urlmap\n"
            b"/ = api\n/v9 = %(admin_password)s\n[pipeline:api]\n"
            b"pipeline = auth other %(admin_password)s app\n[filter:auth]\nuse = egg:A#auth\n"
            b"require = %(admin_password)s\n[filter:other]\n"
            b"paste.filter_factory = %(admin_password)s\n[app:app]\nuse = egg:A#app\n")
    status, _, doc = upload(dashboard, "leak.ini", text)
    assert status == 200, doc
    nodes = {node["id"]: node for node in doc["graphs"][0]["nodes"]}
    assert nodes["filter:auth"]["warnings"] == ["leak.ini:11: require = *** is not checked here"]
    assert doc["errors"] == [
        {"section": "composite:main", "line": 6,
         "error": "'***': no such app, composite, pipeline or filter-app section"},
        {"section": "pipeline:api", "line": 8, "error": "'***': no such filter section"},
        {"section": "filter:other", "line": 13,
         "error": "`paste.filter_factory = ***` is no `module:object` reference (names of "
                  "letters, digits, `_` and `.` only): PasteDeploy fails reading it, before "
                  "importing anything"}]
    assert nodes["pipeline:api"]["missing"][0]["name"] == "***"
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    text_shown = " ".join(shown(page).split())
    assert "leak.ini:11 in [filter:auth] — require = *** is not checked here" in text_shown
    assert "[pipeline:api] '***': no such filter section" in text_shown
    assert 'data-missing="***"' in page  # the pipeline's hole, where the word would be
    _, _, answer = ask(dashboard, ("ini", doc["id"]), ("path", "/v9"))
    assert "'***': no such app" in " ".join(answer["describe"])
    for said in (str(doc), page, str(answer)):
        assert "s3cr3t" not in said


def test_an_upload_whose_secret_cannot_be_interpolated_is_refused_without_quoting_it(dashboard):
    text = b"[DEFAULT]\nadmin_password = s3cr3t%pw\n[app:main]\nuse = egg:A#a\n"
    status, _, answer = upload(dashboard, "leak.ini", text)
    assert (status, answer["line"], answer["error"]) == (400, 2, (
        "leak.ini:2: option 'admin_password': '%' must be followed by '%' or '(', found: '***' "
        "(in 'admin_password', redacted) (a % meant as text is written %%)"))
    assert "s3cr3t" not in json.dumps(answer)  # nor in `errors`, inspect's shape of it


def test_no_message_about_an_upload_quotes_a_secret_escaped_or_respaced(dashboard):
    """A refusal quotes a name by its repr (a backslash doubled, a continuation line's break
    escaped), and a setting may hold the same words on one line: each hides the secret."""
    text = (b"[DEFAULT]\nadmin_password = s3cr3t horse\\battery\n  staple\n"
            b"[composite:main]\nuse = egg:Paste#urlmap\n/ = app\n/v9 = %(admin_password)s\n"
            b"[app:app]\nuse = egg:A#app\nnote = s3cr3t horse\\battery staple\n")
    status, _, doc = upload(dashboard, "leak.ini", text)
    assert status == 200, doc
    assert doc["errors"] == [{"section": "composite:main", "line": 7, "error": (
        "'***': no such app, composite, pipeline or filter-app section")}]
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    assert "[composite:main] '***': no such app" in " ".join(shown(page).split())
    assert "[app:app] line 8 note = *** line 10" in settings_rows(page)
    for said in (str(doc), page):
        assert "s3cr3t" not in said and "staple" not in said
