"""A method a URL does not take: 405 with the `Allow` header RFC 9110 requires, and a reason
naming the methods it takes, as JSON under /api/, a page elsewhere; over real HTTP."""

from __future__ import annotations

from tests.dashboard.page_text import shown


def test_a_405_says_which_methods_the_url_takes_in_allow_and_in_words(dashboard):
    for method, path, allow, said in [
            ("POST", "/api/traces", {"GET", "HEAD", "OPTIONS"},
             "POST is not allowed on /api/traces; it takes GET, HEAD, OPTIONS"),
            ("GET", "/api/events", {"POST", "OPTIONS"},
             "GET is not allowed on /api/events; it takes POST, OPTIONS"),
            ("DELETE", "/api/traces/some-id", {"GET", "HEAD", "OPTIONS"},
             "DELETE is not allowed on /api/traces/some-id; it takes GET, HEAD, OPTIONS"),
            # not "no trace 'import' here": the import's URL is no trace's
            ("GET", "/api/traces/import", {"POST", "OPTIONS"},
             "GET is not allowed on /api/traces/import; it takes POST, OPTIONS"),
            ("PUT", "/api/traces/import", {"POST", "OPTIONS"},
             "PUT is not allowed on /api/traces/import; it takes POST, OPTIONS"),
            ("POST", "/api/traces/export", {"GET", "HEAD", "OPTIONS"},
             "POST is not allowed on /api/traces/export; it takes GET, HEAD, OPTIONS"),
            ("DELETE", "/api/lessons", {"GET", "HEAD", "POST", "OPTIONS"},
             "DELETE is not allowed on /api/lessons; it takes GET, POST, HEAD, OPTIONS"),
            ("GET", "/api/lessons/compute-demo/steps/1/run", {"POST", "OPTIONS"},
             "GET is not allowed on /api/lessons/compute-demo/steps/1/run; it takes POST, "
             "OPTIONS"),
            ("PUT", "/api/presenter", {"GET", "HEAD", "POST", "OPTIONS"},
             "PUT is not allowed on /api/presenter; it takes GET, POST, HEAD, OPTIONS"),
            ("GET", "/api/presenter/heartbeat", {"POST", "OPTIONS"},
             "GET is not allowed on /api/presenter/heartbeat; it takes POST, OPTIONS")]:
        status, headers, body = dashboard.request(method, path)
        assert status == 405, path
        assert set(headers["Allow"].split(", ")) == allow, path
        assert body == {"error": said}, path
    status, headers, page = dashboard.request("PUT", "/requests")
    assert status == 405 and set(headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "PUT is not allowed on /requests; it takes GET, HEAD, OPTIONS" in shown(page)
