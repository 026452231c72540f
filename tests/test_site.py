"""The built site: strict build, links and anchors, sources and review dates, red flags that
match the data file, no third-party requests, and the reading grade of every page."""
from __future__ import annotations

import re
import statistics
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import textstat
from bs4 import BeautifulSoup

from sitekit import DOCS
from support.pages import ALL_PAGES, CHECKER_PAGES, GUIDE, READER_PAGES, normal as _normal, soup_of
from twitchguide.data.model import TIERS_MOST_URGENT_FIRST
from twitchguide.pages.checker_pages import page_names

# Every page a reader can land on reads at grade 7 or below (Flesch-Kincaid). The one exception
# is written for clinicians, and most of its words are the titles of the pages it lists.
MAX_GRADE, MAX_MEDIAN_GRADE = 7.0, 6.0
HIGHER_GRADE_ALLOWED = {"for-clinicians.html": 9.0}


def is_reference_page(page: str) -> bool:
    """Pages whose front matter says `kind: reference` (about, glossary...) need no sources."""
    source = DOCS / (page[:-5] + ".md")
    return source.is_file() and "\nkind: reference\n" in source.read_text(encoding="utf-8")


def article(site: Path, page: str):
    return soup_of(site / page).select_one("article.md-content__inner")


def test_every_page_was_built(site):
    missing = [page for page in ALL_PAGES if not (site / page).is_file()]
    assert not missing


@pytest.mark.parametrize("page", ALL_PAGES)
def test_page_basics(site, page):
    soup = soup_of(site / page)
    assert soup.html.get("lang") == "en"
    assert len(soup.select("article h1")) == 1
    text = article(site, page).get_text(" ")
    for leftover in ("[@", "[evidence:", "<!-- guide:", "]("):
        assert leftover not in text, f"unrendered markup {leftover!r} in {page}"
    assert not re.search(r"\]\[", text), f"unrendered reference link in {page}"


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_has_sources_review_dates_and_help(site, page):
    body = article(site, page)
    sources = body.select("ol.mtg-sources > li")
    if not is_reference_page(page):
        assert sources, f"{page} lists no sources"
    for number, item in enumerate(sources, start=1):
        assert item.get("id") == f"source-{number}"
    # A handout prints only the sources that marks point to (the warning boxes' own sources
    # come after them and stay online): no printed mark may point to one that does not print.
    sign_sources = {item["id"] for item in sources if "mtg-sign-source" in (item.get("class") or [])}
    pointed = {link["href"].partition("#")[2] for link in body.select("sup.mtg-cite a")}
    assert not pointed & sign_sources, f"{page}: marks point to sources that do not print"
    if sign_sources:
        first = min(int(source.split("-")[1]) for source in sign_sources)
        assert [item["id"] for item in sources[first - 1:]] == sorted(
            sign_sources, key=lambda source: int(source.split("-")[1]))
        assert body.select_one("p.mtg-print-note").get_text().startswith(f"Source")
    review = body.select_one(".mtg-review").get_text(" ")
    assert re.search(r"Last updated:\s*\d{1,2} \w+ \d{4}", review)
    assert "Not yet reviewed by a clinician" in review        # until a sign-off is recorded
    assert re.search(r"Next review due:\s*\d{1,2} \w+ \d{4}", review)
    assert "not medical advice" in review
    # Every page says when to get help: tier boxes, or (checker questions) the answers themselves.
    assert body.select(".admonition[class*='tier-']") or body.select(".mtg-answers"), page


def _resolve(page: str, href: str) -> tuple[str, str]:
    parts = urlsplit(href)
    target = page if not parts.path else str(Path(page).parent / unquote(parts.path))
    return re.sub(r"(^|/)\./", r"\1", str(Path(target))).replace("\\", "/"), parts.fragment


def _normalise(path: str) -> str:
    stack: list[str] = []
    for part in path.split("/"):
        if part == "..":
            stack.pop()
        elif part not in ("", "."):
            stack.append(part)
    return "/".join(stack)


def test_every_internal_link_and_anchor_resolves(site, site_index):
    broken = []
    base = site_index.base_path()
    for page in site_index.pages:
        for href in site_index[page].links:
            if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("//"):
                continue                            # outbound links to sources are fine
            linked_from = page
            if href.startswith(base):               # the 404 page links from the site root
                href, linked_from = href[len(base):], "index.html"
            target, fragment = _resolve(linked_from, href)
            target = _normalise(target)
            target_file = site / target
            if target_file.is_dir():
                target_file = target_file / "index.html"
            if not target_file.is_file():
                broken.append(f"{page}: {href} (no file)")
            elif fragment and target_file.suffix == ".html" and fragment not in site_index[
                    target_file.relative_to(site).as_posix()].ids:
                broken.append(f"{page}: {href} (no #{fragment})")
    assert not broken, "\n".join(broken[:40])


THIRD_PARTY = re.compile(r"^(https?:)?//", re.IGNORECASE)
# What the browser fetches by itself: these tags by their src (object by data), and <link>s of
# these kinds.
FETCHED_BY_SRC = {"script", "img", "iframe", "source", "audio", "video", "embed"}
FETCHING_LINKS = {"stylesheet", "preload", "preconnect", "dns-prefetch", "modulepreload", "icon",
                  "manifest"}


def fetched_urls(page_index) -> list[tuple[str, str]]:
    """(tag, url) for everything a page makes the browser load by itself."""
    found = []
    for tag, attributes in page_index.fetches:
        if tag in FETCHED_BY_SRC and attributes.get("src") is not None:
            found.append((tag, attributes["src"]))
        elif tag == "object" and attributes.get("data") is not None:
            found.append((tag, attributes["data"]))
        elif tag == "link" and FETCHING_LINKS & set((attributes.get("rel") or "").split()):
            found.append((tag, attributes.get("href") or ""))
    return found


def test_no_third_party_assets_anywhere(site, site_index):
    """Nothing the browser loads by itself may come from another host (links to sources may)."""
    found = []
    for page in site_index.pages:
        found += [f"{page}: <{tag}> {url}" for tag, url in fetched_urls(site_index[page])
                  if THIRD_PARTY.match(url)]
        for style in site_index[page].styles:
            found += [f"{page}: {url}" for url in
                      re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]+\)", style)]
    for css in site.rglob("*.css"):
        found += [f"{css.relative_to(site)}: {url}" for url in
                  re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])(?:https?:)?//[^)'\"]+",
                             css.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)
    assert not list(site.rglob("*.woff*")), "web fonts are not allowed"


def test_the_asset_check_sees_a_third_party_asset_of_each_kind(tmp_path):
    """The index the check reads finds each kind of fetch, so the check above can fail."""
    from siteindex import index_page
    page = tmp_path / "p.html"
    page.write_text('<head><link rel="preconnect stylesheet" href="//cdn.example/a.css">'
                    '<script src="https://cdn.example/a.js"></script><style>b{background:'
                    'url("https://cdn.example/b.png")}</style></head><body><img src="x.svg">'
                    '<object data="http://cdn.example/o"></object><a href="https://ok.example">'
                    '</a></body>', encoding="utf-8")
    index = index_page(page)
    assert [url for _, url in fetched_urls(index) if THIRD_PARTY.match(url)] == [
        "//cdn.example/a.css", "https://cdn.example/a.js", "http://cdn.example/o"]
    assert "https://cdn.example/b.png" in index.styles[0]


def _boxes(body) -> dict[str, list[str]]:
    boxes: dict[str, list[str]] = {}
    for box in body.select(".admonition[class*='tier-']"):
        tier = next(c[5:] for c in box["class"] if c.startswith("tier-"))
        items = [_normal(li.get_text()) for li in box.select("li")]
        boxes.setdefault(tier, []).extend(items)
    return boxes


@pytest.mark.parametrize("page", READER_PAGES)
def test_red_flags_on_every_page_match_the_data_exactly(site, page):
    body = article(site, page)
    source = page[:-5] + ".md"
    flags = GUIDE.red_flags if page == "when-to-see-a-doctor.html" else GUIDE.flags_for_page(source)
    # Within a tier, signs with a `contact` (the maternity unit) follow in a box of their own.
    in_order = sorted(flags, key=lambda f: (f.contact is not None, f.contact or ""))
    expected = {tier: [_normal(f.text) for f in in_order if f.tier == tier]
                for tier in TIERS_MOST_URGENT_FIRST if any(f.tier == tier for f in flags)}
    boxes = _boxes(body)
    # Pages may show the same boxes once (home, when to see a doctor) or in "When to get help".
    assert boxes == expected, page
    titles = [" ".join(t.get_text(" ").split()) for t in body.select(
        ".admonition[class*='tier-'] > .admonition-title")]
    for box in body.select(".admonition[class*='tier-']"):
        tier = next(c[5:] for c in box["class"] if c.startswith("tier-"))
        title = " ".join(box.select_one(".admonition-title").get_text(" ").split())
        assert title.startswith(GUIDE.tiers[tier].label + ":"), "tier must be named in words"
        contacts = {f.contact for f in flags if _normal(f.text) in
                    [_normal(li.get_text()) for li in box.select("li")]}
        if contacts - {None}:          # a contact's box says that result's service, and only it
            (contact,) = contacts
            assert GUIDE.checker.outcomes[contact].title.lower() in title.lower(), title


OUTCOME_PAGES = {key: name for key, name in page_names(GUIDE).items()
                 if key[0] in GUIDE.checker.outcomes}


@pytest.mark.parametrize("outcome_id,route", list(OUTCOME_PAGES))
def test_outcome_pages_show_their_watch_for_flags_from_the_data(site, outcome_id, route):
    """Each result page, once per route that reaches it, shows the signs that would change
    the advice in the words written for that reader."""
    outcome = GUIDE.checker.outcomes[outcome_id]
    body = article(site, f"check/{OUTCOME_PAGES[outcome_id, route]}.html")
    shown = {item for items in _boxes(body).values() for item in items}
    assert {_normal(GUIDE.flag(f).text_for(route)) for f in outcome.watch_for} <= shown
    assert f"{GUIDE.tiers[outcome.tier].label}:" in body.get_text(" ")


def readable_text(site: Path, page: str) -> str:
    """The words a reader reads: main content without sources, review line or link icons."""
    body = BeautifulSoup(str(article(site, page)), "html.parser")
    for selector in ["ol.mtg-sources", "#sources", ".mtg-review", ".headerlink", "sup.mtg-cite",
                     "script", "style", "table"]:
        for element in body.select(selector):
            element.decompose()
    # Each list item, heading and cell is a sentence of its own for the formula.
    for element in body.select("li, h1, h2, h3, h4, p, dt, dd, .admonition-title"):
        element.append(". ")
    text = re.sub(r"(\s*\.\s*){2,}", ". ", body.get_text(" "))
    return " ".join(text.split())


def test_reading_grade_of_every_page(site, capsys):
    grades = {page: textstat.flesch_kincaid_grade(readable_text(site, page))
              for page in READER_PAGES + CHECKER_PAGES}
    with capsys.disabled():
        print("\nReading grade (Flesch-Kincaid) per page:")
        for page, grade in sorted(grades.items(), key=lambda item: -item[1]):
            print(f"  {grade:5.1f}  {page}")
        print(f"  median of reader pages: {statistics.median(grades[p] for p in READER_PAGES):.1f}")
    too_hard = {page: grade for page, grade in grades.items()
                if grade > HIGHER_GRADE_ALLOWED.get(page, MAX_GRADE)}
    assert not too_hard
    assert statistics.median(grades[p] for p in READER_PAGES) <= MAX_MEDIAN_GRADE


def test_glossary_terms_show_as_tooltips(site):
    abbrs = soup_of(site / "types" / "fasciculations.html").select("article abbr[title]")
    assert abbrs, "glossary terms should be marked with <abbr title=...>"


@pytest.mark.parametrize("path", ALL_PAGES)
def test_each_term_is_explained_once_per_page(site, path):
    definitions = [abbr["title"] for abbr in soup_of(site / path).select("abbr[title]")]
    assert len(definitions) == len(set(definitions))


def test_quiz_page_has_no_tooltips_that_give_answers_away(site):
    """"What is spasticity?" with a tooltip on "spasticity" would answer itself."""
    quiz = soup_of(site / "quiz" / "index.html")
    assert not quiz.select("abbr")
    assert "What is spasticity?" in quiz.select_one("h3#q-" + next(
        item.id for item in GUIDE.quiz if item.question == "What is spasticity?")).get_text()


def test_open_data_export_matches_the_data(site):
    import json
    data = json.loads((site / "open-data" / "clinical-rules.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2        # 2 since issue 22 (tests/test_open_data.py)
    assert [f["id"] for f in data["red_flags"]] == [f.id for f in GUIDE.red_flags]
    assert [q["id"] for q in data["checker"]["questions"]] == list(GUIDE.checker.questions)
    assert {o["id"]: o["tier"] for o in data["checker"]["outcomes"]} == {
        oid: o.tier for oid, o in GUIDE.checker.outcomes.items()}
    assert data["checker"]["start"] == GUIDE.checker.start
    for question in data["checker"]["questions"]:
        assert [(a["label"], a["next"]) for a in question["answers"]] == [
            (a.label, a.next) for a in GUIDE.checker.questions[question["id"]].answers]


# Words that mark a working note, or name a file only the team sees. None may reach a reader.
WORKING_NOTES = re.compile(
    r"\b(?:TODO|TBC|FIXME|XXX)\b|please (?:confirm|check)|to be confirmed|not (?:yet )?read\b|"
    r"(?<!answered )from memory|citation needed|\.\./shared|reviews?/[a-z-]+-review|health-facts\.md|"
    r"DESIGN\.md|BRIEF\.md|\bdrafts?/", re.IGNORECASE)


def test_no_working_notes_reach_a_reader(site):
    found = []
    for html_file in sorted(site.rglob("*.html")):
        article_tag = soup_of(html_file).select_one("article")
        if article_tag is None:
            continue
        for match in WORKING_NOTES.finditer(article_tag.get_text(" ")):
            found.append(f"{html_file.relative_to(site)}: {match.group(0)!r}")
    for json_file in sorted(site.rglob("*.json")):
        if "search" not in json_file.name:
            found += [f"{json_file.relative_to(site)}: {m.group(0)!r}"
                      for m in WORKING_NOTES.finditer(json_file.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("outcome_id", list(GUIDE.checker.outcomes))
def test_results_link_to_the_pages_written_for_their_readers(site, outcome_id):
    """Every see-a-doctor result links the printable checklist; every result a child or a baby
    can reach links the children's page; the same-day result links the medicines page (a new
    medicine is its commonest way in)."""
    outcome = GUIDE.checker.outcomes[outcome_id]
    links = {a["href"].split("#")[0] for a in article(site, f"check/{outcome_id}.html").select("a[href]")}
    if outcome.tier in ("urgent", "soon", "routine"):
        assert "../what-to-tell-your-doctor.html" in links
    if {"child", "baby"} & set(outcome.routes or ("child", "baby")):
        assert "../children.html" in links or outcome.tier == "emergency"
    if outcome_id == "get-help-today":
        assert "../medicines.html" in links
