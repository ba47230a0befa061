"""masakari's api-paste.ini, whose urlmap is masakari's copy of nova's (it picks the API version
by a header), and what is said of that pick: for the tests of `which` and the Ask form on it."""

from __future__ import annotations

from tests.conftest import INI_DATA

#: masakari's api-paste.ini (`use = call:masakari.api.urlmap:urlmap_factory`).
MASAKARI = INI_DATA / "masakari-api-paste.ini"
#: How `which` says masakari's urlmap picks `/v1` by the Accept header's version.
BY_ACCEPT = (
    "The composite `masakari_api` (masakari's urlmap) picks `/v1` (of 2), by the Accept "
    "header's `version=1`: no prefix other than `/` matches `/segments`, so masakari's "
    "urlmap takes the API version from the headers and looks it up as the prefix `/v1`; "
    "`/v1` is added to SCRIPT_NAME and PATH_INFO is left as it is, so the composite "
    "`masakari_api_v1` sees PATH_INFO `/segments`.")
