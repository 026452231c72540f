"""Issue 22, part 2 (review H1, M5): nobody enters the checker in the middle without a way to
step 1.

A reader can land on any checker page from an old link or QR code, a redirect, a bookmark or a
search result. Every page past the first question ("who is it for") therefore offers "Start at
step 1" and the emergency line, old questions redirect to the start, only the start page is in
the search index, and the build refuses a redirect that would replace a checker page.
"""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from sitekit import ROOT, build_site, checker_pages, load_guide, project_copy
from twitchguide.pages.checker_pages import (EMERGENCY_LINE, RENAMED_QUESTIONS, arrival_line,
                                             entry_problems, page_names, page_uri, render_all)

GUIDE = load_guide()
START = f"check/{GUIDE.checker.start}.html"
LIST = ROOT / "tests" / "published_urls.txt"


def _redirects() -> dict[str, str]:
    import yaml

    class _Loader(yaml.SafeLoader):
        pass
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    plugin = next(p for p in config["plugins"] if isinstance(p, dict) and "redirects" in p)
    return plugin["redirects"]["redirect_maps"]


def _offers_step_one(site, page: str) -> bool:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    line = soup.select_one("article .mtg-arrived")
    if line is None or " ".join(EMERGENCY_LINE.split()) not in " ".join(line.get_text().split()):
        return False
    link = line.select_one("a.mtg-start-link")
    return link is not None and (site / page).parent.joinpath(link["href"]).resolve() == \
        (site / START).resolve()


def _redirect_target(site, page: str) -> str | None:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    refresh = soup.select_one('meta[http-equiv="refresh"]')
    if refresh is None:
        return None
    target = refresh["content"].split("url=", 1)[1]
    return (site / page).parent.joinpath(target).resolve().relative_to(site.resolve()).as_posix()


@pytest.mark.parametrize("page", [p for p in checker_pages()
                                  if p not in ("check/index.html", "check/overview.html", START)])
def test_every_page_past_the_start_offers_step_one_and_the_emergency_line(site, page):
    """Results too: before issue 22 a result showed only the emergency line, and a reader who
    arrived from search saw "Your result: Self-care" with no way to be asked who it is for."""
    assert _offers_step_one(site, page), page


def test_every_published_checker_url_leads_to_the_start_or_a_page_that_offers_it(site):
    urls = {line.split("#")[0] for line in LIST.read_text().splitlines()
            if line.startswith("check/")}
    bad = []
    for url in sorted(urls):
        target = _redirect_target(site, url) or url
        if target.split("#")[0] in ("check/index.html", "check/overview.html", START):
            continue
        if not _offers_step_one(site, target):
            bad.append(f"{url} -> {target}")
    assert bad == []


def test_retired_questions_redirect_to_the_start():
    """Version-1 questions (seizure-signs...) used to redirect onto the adult route."""
    for source, target in _redirects().items():
        if source.startswith("check/"):
            assert target == "check/index.md", (source, target)


def test_only_the_start_page_of_the_checker_is_searchable(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = {doc["location"].split("#")[0] for doc in index["docs"]
             if doc["location"].startswith("check/")}
    assert found == {"check/index.html"}


def test_the_build_rule_holds_for_the_real_checker():
    pages = render_all(GUIDE, {})
    assert entry_problems(pages, page_uri(GUIDE.checker.start), _redirects()) == []


def test_the_build_rule_refuses_a_page_without_step_one_and_a_redirect_onto_a_page():
    pages = render_all(GUIDE, {})
    start = page_uri(GUIDE.checker.start)
    stripped = dict(pages)
    result = page_uri("eyelid-flicker")
    stripped[result] = pages[result].replace("Start at step 1", "Start")
    problems = entry_problems(stripped, start, {})
    assert problems == [f"{result}: a reader who arrives here by a link is not offered "
                        "'Start at step 1' and the emergency line"]
    problems = entry_problems(pages, start, {"check/eyelid-flicker.md": "check/index.md",
                                             "check/old.md": "check/gone.md"})
    assert any("'check/eyelid-flicker.md' is the address of a checker page" in p for p in problems)
    assert any("leads to 'check/gone.md', which the checker does not have" in p for p in problems)


def test_a_redirect_that_would_replace_a_checker_page_stops_the_real_build(tmp_path, own_build):
    """Review M5: a checker id equal to a redirect source became a redirect stub, silently."""
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("        check/face-signs.md: check/index.md",
                                   "        check/face-signs.md: check/index.md\n"
                                   "        check/eyelid-flicker.md: check/index.md"), "utf-8")
    result = build_site(project / "site", config)
    assert result.returncode != 0
    assert "'check/eyelid-flicker.md' is the address of a checker page" in result.stderr


def test_the_arrival_line_links_to_the_first_question():
    html = arrival_line("check/a/b.md", "check/who-is-it-for.md")
    assert 'href="../who-is-it-for.html"' in html and "Start at step 1" in html


def test_every_renamed_question_still_has_a_page_or_a_redirect_to_the_start():
    """The overview keeps an anchor for each question of an earlier version (RENAMED_QUESTIONS);
    its old page must still open: as a page of today's tree, or a redirect to step 1. (The old
    to new pairs cannot come from redirect_maps, which lead to step 1 by design.)"""
    pages = {name for name in page_names(load_guide()).values()}
    redirects = _redirects()
    for old in RENAMED_QUESTIONS:
        assert old in pages or redirects.get(f"check/{old}.md") == "check/index.md", old
