"""Shared fixtures: the real site, built once per test session, served, and a real headless
Chromium. The helpers themselves live in scripts/sitekit.py, shared with the scripts.

The browser is Debian's /usr/bin/chromium driven by Playwright (no browser download). Without
it, browser tests are skipped on a developer machine and fail under CI=true.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitekit import (CHROMIUM, CHROMIUM_ARGS, PATIENCE_MS, STILL, browser_available, build_site,
                     load_guide, new_page, serve)


@pytest.fixture(scope="session")
def guide():
    """The real data file, loaded and validated once (a broken file fails here, once)."""
    return load_guide()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built with --strict. Every HTML test reads this folder."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def http_site(site):
    """The built site served on 127.0.0.1 (a random free port); yields the base URL."""
    with serve(site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    if not browser_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no browser at {CHROMIUM}: install Debian's chromium")
        pytest.skip(f"no browser at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright
    expect.set_options(timeout=PATIENCE_MS)     # see PATIENCE_MS: slow machines wait, never fail
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh phone-sized page; tests assert on `page.console_errors`."""
    tab = new_page(browser)
    yield tab
    tab.context.close()


@pytest.fixture
def still_page(browser):
    """A fresh phone-sized page for axe, with reduced motion (see sitekit.STILL)."""
    tab = new_page(browser, **STILL)
    yield tab
    tab.context.close()


# The longest test files first. `make test` hands whole files to two workers in this order
# (`--dist loadfile --no-loadscope-reorder`); a long file started last would leave one core idle
# while the other finishes it. Only the order changes. Times: PERFORMANCE.md, "Test suite".
LONGEST_FIRST = ["test_quiz_browser.py", "test_checker_browser.py", "test_budgets.py",
                 "test_accessibility.py", "test_offline.py", "test_hostile_build.py",
                 "test_print.py", "test_search_ranking.py"]


def pytest_collection_modifyitems(items):
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))      # stable: rest as found
