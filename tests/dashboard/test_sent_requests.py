"""What the dashboard remembers for Repeat stays bounded by bodies as well as by count."""

from __future__ import annotations

from dashboard.sender import SentRequests


def spec(body: str) -> dict:
    return {"stack": "compute", "method": "POST", "path": "/v2.1/servers", "headers": {},
            "body": body}


def test_large_bodies_make_repeat_forget_the_oldest_first():
    sent = SentRequests(size=500, body=250)
    for n in range(4):
        sent.remember(f"t{n}", spec("x" * 100))
    assert [sent.get(f"t{n}") is not None for n in range(4)] == [False, False, True, True]
    assert sent.held == 200


def test_the_newest_is_kept_even_when_its_body_alone_is_over_the_bound():
    sent = SentRequests(size=500, body=50)
    sent.remember("small", spec("x"))
    sent.remember("large", spec("x" * 100))
    assert (sent.get("small"), sent.get("large")["body"]) == (None, "x" * 100)


def test_the_count_still_bounds_small_requests():
    sent = SentRequests(size=2)
    for n in range(3):
        sent.remember(f"t{n}", spec(""))
    assert [sent.get(f"t{n}") is not None for n in range(3)] == [False, True, True]
