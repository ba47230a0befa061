"""Several stacks report to one dashboard at once, and the user picks the one to watch."""

from __future__ import annotations

from tests.dashboard.servers import Stack


def test_several_stacks_report_and_the_user_picks_one(page, dashboard, stack):
    second = Stack(dashboard.url, name="web", ini="stack/demo/seed_nova.ini")
    try:
        dashboard.wait_for("/api/stacks", lambda stacks: {s["name"] for s in stacks}
                           >= {"osapi_compute", "web"}, timeout=20)
        page.goto(f"{dashboard.url}/?stack=osapi_compute")
        page.locator('#diagram [data-node="composite:osapi_compute"]').first.wait_for()
        page.locator('[data-stack-link="web"]').click()
        page.locator('#diagram [data-node="composite:web"]').first.wait_for()
        assert page.locator('#diagram [data-node="pipeline:home"]').count() == 1
        assert page.locator('#diagram [data-node="app:apirouter"]').count() == 1
        assert page.locator('#diagram [data-node="composite:osapi_compute"]').count() == 0
        assert page.locator('[data-stack-link="osapi_compute"]').count() == 1
    finally:
        second.stop()
