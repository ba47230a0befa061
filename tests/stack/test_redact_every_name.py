"""Every name a query's secret goes by is found however a client writes it, and every name that
is none is kept: a query is first looked into for a few parts of those names (lower-cased), the
pattern read only where one is, and that must hide all the pattern does, no more."""

from __future__ import annotations

import re

import pytest

from stack import redact_url

#: The names `SECRET_QUERY` finds, as clients send them.
SECRET_NAMES = ["password", "passwd", "passphrase", "adminPass", "pwd", "secret", "token",
                "credential", "creds", "signature", "api_key", "apikey", "access_key",
                "accesskey", "pass", "auth", "key", "sig", "auth_token", "X-Amz-Signature",
                "X-Amz-Credential", "AWSAccessKeyId", "temp_url_sig", "os_password",
                "x-storage-pass", "client_secret", "x.key", "oauth"]
#: Names that hold a part of one (`SECRET_QUERY_PARTS`) and are none, and names that hold none.
KEPT_NAMES = ["passage", "bypass", "compass", "sort_key", "keyword", "design", "monkey",
              "signal", "sigma", "key_manager", "pass1", "limit", "marker", "next", "name", "q"]


def writings(name: str) -> list[str]:
    """`name` as a client may write it: cased otherwise, a letter escaped once or twice, its
    ASCII letters as the case-blind pattern also reads them (`ſ` for `s`, `K` for `k`)."""
    middle = len(name) // 2
    letter = f"{ord(name[middle]):02X}"
    return list(dict.fromkeys([
        name, name.upper(), name.swapcase(), f"{name[:middle]}%{letter}{name[middle + 1:]}",
        f"{name[:middle]}%25{letter}{name[middle + 1:]}",
        name.replace("s", "%C5%BF").replace("k", "%E2%84%AA")]))


def sent(names: list[str]) -> list[tuple[str, str]]:
    return [(name, written) for name in names for written in writings(name)]


@pytest.mark.parametrize(("name", "written"), sent(SECRET_NAMES))
def test_a_secret_s_name_however_written_hides_its_value_wherever_it_stands(name, written):
    assert redact_url.query(f"{written}=s3cr3t") == f"{written}=***"
    assert redact_url.query(f"limit=1&{written}=s3cr3t;marker=m") == (
        f"limit=1&{written}=***;marker=m")
    assert redact_url.query(f"limit=1&{written}%3Ds3cr3t") == f"limit=1&{written}%3D***"
    assert redact_url.request_line(f"GET /x?{written}=s3cr3t HTTP/1.1") == (
        f"GET /x?{written}=*** HTTP/1.1")
    assert redact_url.url(f"https://app/cb#{written}=s3cr3t") == f"https://app/cb#{written}=***"


@pytest.mark.parametrize("name", SECRET_NAMES)
def test_a_secret_s_name_nested_in_a_value_hides_its_value(name):
    for written in (name, name.upper()):
        assert redact_url.query(f"next=%2Fx%3F{written}%3Ds3cr3t&limit=1") == (
            f"next=/x?{written}=***&limit=1")
        assert redact_url.query(f"next=%252Fx%253Flimit%253D1%2526{written}%253Ds3cr3t") == (
            f"next=/x?limit=1%2526{written}=***")
        assert redact_url.query(f"next=https%3A%2F%2Fh%2F%3F{written}%3Ds3cr3t") == (
            f"next=https://h/?{written}=***")


@pytest.mark.parametrize(("name", "written"), sent(KEPT_NAMES))
def test_a_name_that_is_no_secret_s_is_kept_as_sent(name, written):
    for query in (f"{written}=v", f"{written}=v&limit=1", f"next=%2Fx%3F{written}%3Dv",
                  f"next=https://h/?{written}=v"):
        assert redact_url.query(query) == query


def test_each_word_of_the_secret_names_pattern_is_found_in_a_query():
    """A word added to `SECRET_WORDS` (or to the query's own) is looked for first too: one
    `SECRET_QUERY_PARTS` lacks would be let by unread."""
    words = set()
    for alternative in redact_url.SECRET_QUERY.pattern.split("|"):
        word = re.sub(r"\(\?<?[!=][^)]*\)|\$", "", alternative)
        words.update({word.replace("_?", ""), word.replace("_?", "_")})
    assert {"password", "apikey", "api_key", "pass", "key", "sig"} <= words
    for word in words:
        assert redact_url.query(f"limit=1&{word}=s3cr3t") == f"limit=1&{word}=***", word
        assert redact_url.query(f"{word.upper()}=s3cr3t") == f"{word.upper()}=***", word
