"""Real servers and a real browser: the dashboard, the compute demo stack, headless Chromium.

Playwright drives Debian's Chromium (tests/browser/chromium.py). The servers are the
same subprocess fixtures as the API tests (bound to 127.0.0.1, waited for with a deadline,
output shown on failure, always stopped).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import sync_playwright

from tests.browser.chromium import CHROMIUM
from tests.browser.chromium import CHROMIUM_ARGS
from tests.browser.chromium import opened_page
from tests.browser.screens import DESKTOP
from tests.browser.screens import WXGA
from tests.conftest import TOKEN
from tests.dashboard.conftest import classroom  # noqa: F401 (fixtures shared with the API tests)
from tests.dashboard.conftest import dashboard  # noqa: F401 (fixtures shared with the API tests)
from tests.dashboard.conftest import guarded  # noqa: F401 (the token-guarded dashboard)
from tests.dashboard.conftest import pytest_runtest_makereport  # noqa: F401
from tests.dashboard.conftest import refused  # noqa: F401
from tests.dashboard.conftest import retried_raise  # noqa: F401
from tests.dashboard.conftest import stack  # noqa: F401
from tests.dashboard.conftest import twice  # noqa: F401
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import Stack
from tests.dashboard.servers import send

#: The rows of Live's list `deletes` makes: enough that the oldest lies far below the diagram,
#: and that the newest's detail scrolls up past the top.
ROWS = 24


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with opened_page(browser, viewport=DESKTOP) as page:
        yield page


@pytest.fixture
def laptop(browser: Browser) -> Iterator[Page]:
    """A page on a laptop's screen (WXGA)."""
    with opened_page(browser, viewport=WXGA) as page:
        yield page


@pytest.fixture(scope="module")
def deletes(dashboard: Dashboard, stack: Stack) -> list[str]:  # noqa: F811
    """Trace ids of DELETE requests to the compute demo (the router's 405), oldest first."""
    return [send(dashboard, stack, "DELETE", "/v2.1/flavors", TOKEN)["trace"]
            for _ in range(ROWS)]
