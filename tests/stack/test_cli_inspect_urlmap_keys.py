"""`python -m stack inspect` on a urlmap key written with a `:` where the ini reader ends the
key: the refusal says what was read and how to write it, not Paste's "must be followed with a
domain name" of a line that plainly has one."""

from __future__ import annotations

import json

import pytest

from stack.__main__ import main
from tests.stack import paste_oracle

URLMAP = "[composite:main]\nuse = egg:Paste#urlmap\n{key}\n/ = app\n[app:app]\nuse = egg:x#a\n"


@pytest.mark.parametrize(
    ("key", "error"),
    [("domain:example.com / = app",
      "urlmap key 'domain' is not a URL prefix: the line is read as the key 'domain' and the "
      "value 'example.com / = app', as a key ends at its first ':' or '='; write `domain "
      "example.com / = app`, with a space after 'domain'"),
     ("port:8080 / = app",
      "urlmap key 'port' is not a URL prefix: the line is read as the key 'port' and the value "
      "'8080 / = app', as a key ends at its first ':' or '='; write `domain HOST port 8080 / = "
      "app`, with a space after 'port'"),
     ("http://api.example.com:8080/v2 = app",  # a whole URL, as the label is shown
      "urlmap key 'http' is not a URL prefix: the line is read as the key 'http' and the value "
      "'//api.example.com:8080/v2 = app', as a key ends at its first ':' or '='; write `domain "
      "api.example.com port 8080 /v2 = app`, the URL in Paste's words"),
     ("domain = example.com",  # nothing more to it: Paste's own words
      "urlmap key 'domain' is not a URL prefix ('domain' must be followed with a domain name)")],
)
def test_a_key_cut_at_its_colon_says_what_was_read(tmp_path, capsys, key, error):
    path = tmp_path / "api-paste.ini"
    path.write_text(URLMAP.format(key=key))
    assert main(["inspect", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["errors"] == [
        {"section": "composite:main", "error": error, "line": 3}]
    with pytest.raises(paste_oracle.Refused):  # and PasteDeploy refuses the file too
        paste_oracle.oracle_graph(str(path), "main")


def test_the_words_offered_for_a_url_are_a_key_paste_reads(tmp_path, capsys):
    path = tmp_path / "api-paste.ini"
    path.write_text(URLMAP.format(key="domain api.example.com port 8080 /v2 = app"))
    assert main(["inspect", str(path), "--json"]) == 0
    whole = json.loads(capsys.readouterr().out)
    assert whole["errors"] == []
    assert "http://api.example.com:8080/v2" in {e["label"] for e in whole["graphs"][0]["edges"]}
    paste_oracle.oracle_graph(str(path), "main")  # PasteDeploy builds it


@pytest.mark.parametrize(
    ("key", "written", "label"),
    [("http://admin.example.com/v3: b", "domain admin.example.com /v3: b",
      "http://admin.example.com/v3"),
     ("http://admin.example.com:8080/v3: b", "domain admin.example.com port 8080 /v3: b",
      "http://admin.example.com:8080/v3"),
     ("http://admin.example.com/v3 = b", "domain admin.example.com /v3 = b",
      "http://admin.example.com/v3")],
)
def test_the_words_offered_keep_the_line_s_separator_and_paste_reads_them(
        tmp_path, capsys, key, written, label):
    """OpenStack's files write `/v3: app`: the advice for a URL so written, copied in place of
    the line, is a key Paste's urlmap reads (`/v3: b = APP` named a section `b = APP`)."""
    path = tmp_path / "api-paste.ini"
    text = URLMAP + "[app:b]\nuse = egg:x#b\n"
    path.write_text(text.format(key=key))
    assert main(["inspect", str(path), "--json"]) == 0
    [error] = json.loads(capsys.readouterr().out)["errors"]
    assert error["error"].endswith(f"; write `{written}`, the URL in Paste's words")
    path.write_text(text.format(key=written))
    assert main(["inspect", str(path), "--json"]) == 0
    whole = json.loads(capsys.readouterr().out)
    assert whole["errors"] == []
    assert {"source": "composite:main", "target": "app:b", "label": label} in (
        whole["graphs"][0]["edges"])
    paste_oracle.oracle_graph(str(path), "main")  # PasteDeploy builds it
