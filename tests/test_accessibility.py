"""axe-core (WCAG 2.2 AA rules) on every hand-written page, in the light and the dark scheme.

The checker and quiz pages have their own browser tests, which run axe in each of their states.
"""
from __future__ import annotations

import pytest

from conftest import axe_violations, external, recorded_requests, set_color_scheme
from test_site import READER_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_reader_page_has_no_axe_violations(page, http_site, scheme):
    problems = {}
    with recorded_requests(page) as urls:
        for path in READER_PAGES:
            page.goto(http_site + path)
            set_color_scheme(page, scheme)
            violations = axe_violations(page)
            if violations:
                problems[path] = violations
    assert not problems, "\n".join(f"{path}: {v}" for path, v in problems.items())
    assert not external(urls, http_site), "requests left the machine"
    assert not page.console_errors
