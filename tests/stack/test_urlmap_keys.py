"""`stack.urlmap_keys`: urlmap keys normalised as Paste does (whole sections: test_graph)."""

from __future__ import annotations

import pytest

from stack import urlmap_keys


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("/", "/"),
        ("/v2/", "/v2"),
        ("//v3//", "/v3"),
        ("domain d port p /x", "http://d:p/x"),
        ("domain api.example.com /", "http://api.example.com/"),
    ],
)
def test_urlmap_prefixes_are_normalised_as_paste_does(key: str, label: str) -> None:
    assert urlmap_keys.prefix_label(key) == label


def test_a_key_that_is_no_prefix_is_refused() -> None:
    with pytest.raises(ValueError, match="not a URL prefix"):
        urlmap_keys.prefix_label("port 80 /x")
