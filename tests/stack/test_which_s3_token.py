"""`which` on swift3's proxy pipeline (`swift3 s3token authtoken …`): auth_token's 401 to a
request with no `X-Auth-Token` holds for a plain request only, as s3token gives an S3-signed
one (`Authorization: AWS …`) keystone's token first (`stack.known_auth.S3_TOKEN`)."""

from __future__ import annotations

from tests.conftest import INI_DATA
from tests.conftest import said_line
from tests.conftest import which_lines
from tests.conftest import write_ini

SWIFT3 = INI_DATA / "swift3-proxy-server.conf-sample"


def s3token_said(name: str, line: int) -> str:
    """What `which` says of an S3 token filter, `name`, at `line`."""
    return (f"The filter `s3token` (line {line}) is {name}: it passes a request on untouched "
            "unless it has an `Authorization` header and a token, as swift3 before it makes of "
            "an S3-signed one (`Authorization: AWS ACCESS:SIGNATURE`); such a request it has "
            "keystone check (`/v2.0/s3tokens`), answering 401 itself if keystone refuses, and "
            "else passes it on with keystone's token as its `X-Auth-Token`, so an S3-signed "
            "request reaches the layers after it with a token, and only a plain one comes "
            "without.")


def test_s3token_is_said_to_give_an_s3_signed_request_its_token():
    lines = which_lines(SWIFT3, "GET", "/bucket/obj")
    assert lines[0].startswith("GET /bucket/obj would go: the pipeline `main` → the filter "
                               "`proxy-logging` → the filter `cache` → the filter `swift3` → "
                               "the filter `s3token` → the filter `authtoken`, and stop there "
                               "with 401, as no `X-Auth-Token` is given")
    assert said_line(lines, "The filter `s3token`") == s3token_said("swift3's s3token", 144)
    assert lines[-1].endswith("What `s3token` and `authtoken` do is said above, known from "
                              "their code.")


def test_keystonemiddlewares_s3_token_is_said_alike(tmp_path):
    ini = write_ini(tmp_path, SWIFT3.read_text().replace(
        "use = egg:swift3#s3token", "paste.filter_factory = keystonemiddleware.s3_token:"
                                    "filter_factory"))
    lines = which_lines(ini, "GET", "/bucket/obj")
    assert said_line(lines, "The filter `s3token`") == s3token_said(
        "keystonemiddleware's s3_token", 144)
