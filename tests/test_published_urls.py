"""Links that have been handed out must never break.

tests/published_urls.txt lists every page and section anchor the site has published. Each must
still resolve (directly, or through a redirect stub that keeps the #fragment); and a new page or
section must be added to the list, so that the promise stays complete.
"""
from __future__ import annotations

import pytest
from published_urls import published

from support.pages import promised

ALIASES = ["als.html", "red-flags.html", "checker.html", "bfs.html", "eyelid.html"]


# A checker question that no longer exists redirects to the start, never into the middle of the
# tree (a reader must be asked who it is for): its sections cannot follow it there.
RETIRED_CHECKER_TARGET = "check/index.html"


def _redirect_target(site, site_index, page: str) -> str | None:
    target = site_index[page].refresh
    if target is None:
        return None
    return (site / page).parent.joinpath(target).resolve().relative_to(site.resolve()).as_posix()


@pytest.fixture(scope="module")
def now(site_index) -> set[str]:
    """What the build publishes (from the shared index of the built pages)."""
    return set(published(site_index))


def test_every_promised_url_and_anchor_still_resolves(site, site_index, now):
    missing = []
    for line in promised():
        page, _, anchor = line.partition("#")
        if line in now:
            continue
        target = _redirect_target(site, site_index, page) if (site / page).is_file() else None
        if target and (not anchor or f"{target.split('#')[0]}#{anchor}" in now):
            continue                          # moved, with a redirect that keeps the fragment
        if target == RETIRED_CHECKER_TARGET and page.startswith("check/"):
            continue                          # a retired question: its link leads to step 1
        missing.append(line)
    assert not missing, "published URLs that no longer resolve:\n" + "\n".join(missing)


def test_every_published_page_and_section_is_in_the_list(now):
    new = sorted(now - set(promised()))
    assert not new, ("add these lines to tests/published_urls.txt:\n" + "\n".join(new))


def test_clinician_aliases_redirect_and_keep_the_fragment(site, site_index, now):
    for alias in ALIASES:
        html = (site / alias).read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' in html
        assert "window.location.hash" in html, "the redirect must carry the #fragment"
        assert _redirect_target(site, site_index, alias) in now
