"""axe-core (WCAG 2.2 AA rules) on every hand-written page: on a phone in the light and the dark
scheme, and on a 1280 px desktop screen, where Material shows its sidebars (their links are the
targets WCAG 2.5.8 measures).

The checker and quiz pages have their own browser tests, which run axe in each of their states.
"""
from __future__ import annotations

import pytest

from sitekit import axe_in_scheme, external, recorded_requests
from test_site import READER_PAGES

pytestmark = pytest.mark.browser

SCREENS = {"phone-light": (390, "default"), "phone-dark": (390, "slate"),
           "desktop-light": (1280, "default")}


@pytest.mark.parametrize("screen", SCREENS)
def test_every_reader_page_has_no_axe_violations(page, http_site, screen):
    width, scheme = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    with recorded_requests(page) as urls:
        for path in READER_PAGES:
            page.goto(http_site + path)
            violations = axe_in_scheme(page, scheme)
            if violations:
                problems[path] = violations
    assert not problems, "\n".join(f"{path}: {v}" for path, v in problems.items())
    assert not external(urls, http_site), "requests left the machine"
    assert not page.console_errors
