"""axe-core (WCAG 2.2 AA rules) on every hand-written page: on a phone in the light and the dark
scheme, and on a 1280 px desktop screen, where Material shows its sidebars (their links are the
targets WCAG 2.5.8 measures).

Each page is loaded once and checked three ways: every rule on a phone in the light scheme;
the colour rules in the dark scheme (only colours differ); the rules a layout can change on a
desktop, in both schemes (the words are the phone's). The checker and quiz pages have their own
browser tests, which run axe in each of their states.
"""
from __future__ import annotations

import pytest

from sitekit import (COLOUR_RULES, axe_in_scheme, axe_violations, external, recorded_requests,
                     set_color_scheme, settle)
from support.pages import READER_PAGES

# What a desktop layout can change: target sizes (the sidebars' links) and wide tables that
# scroll. Text contrast depends on the page's colours, which the phone passes check, except the
# sidebars', which only a desktop shows: those are the same on every page, so three pages suffice.
LAYOUT_RULES = ["target-size", "scrollable-region-focusable"]
SIDEBAR_PAGES = {"index.html", "faq.html", "for-clinicians.html"}
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def _three_ways(tab, path: str) -> dict[str, list]:
    """Every rule on a phone in light; colour rules in dark; layout rules on a desktop (the
    page is loaded once)."""
    found = {"phone, light": axe_in_scheme(tab, "default"),
             "phone, dark": axe_in_scheme(tab, "slate")}
    tab.set_viewport_size(DESKTOP)
    settle(tab)
    if path in SIDEBAR_PAGES:
        found["desktop, dark"] = axe_violations(tab, COLOUR_RULES)
        set_color_scheme(tab, "default")
        found["desktop, light"] = axe_violations(tab, LAYOUT_RULES + COLOUR_RULES)
    else:
        found["desktop"] = axe_violations(tab, LAYOUT_RULES)
    tab.set_viewport_size(PHONE)
    return {screen: violations for screen, violations in found.items() if violations}


def test_every_reader_page_has_no_axe_violations(still_page, http_site):
    page, problems = still_page, {}
    with recorded_requests(page) as urls:
        for path in READER_PAGES:
            page.goto(http_site + path)
            for screen, violations in _three_ways(page, path).items():
                problems[f"{path} ({screen})"] = violations
    assert not problems, "\n".join(f"{where}: {v}" for where, v in problems.items())
    assert not external(urls, http_site), "requests left the machine"
    assert not page.console_errors
