"""Hostile text in EVERY text field of the data file at once, built and opened in Chromium.

The loader refuses HTML tags, entities and `javascript:` (tests/test_hostile_data.py). What it
must accept, because readers' words can contain them, is Markdown and attribute-list syntax,
quotes and `>`. Each of those has to reach the reader as the characters typed: no link, image,
attribute, dialog or request. This test appends such a payload to every free-text string of
the real data file, builds the site with --strict, and loads every page.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sitekit import new_page, project_copy, serve

PAYLOAD = ' [a](https://evil.example/x) ![b](https://evil.example/y.png) {onclick="alert(1)"} *em* "q" \'q\' >'
EVIL = "evil.example"
# Fields that hold ids, references, choices, numbers, dates or addresses, not words.
NOT_TEXT = {"id", "tier", "next", "reports", "signs", "routes", "topics", "sources", "read_next",
            "read_more", "url", "kind", "stage", "start", "version", "updated", "review_due",
            "year", "route", "correct", "none", "other", "watch_for", "source", "date", "contact"}


def _poison(node, key: str | None = None):
    """Every free-text string with the payload appended (values keep their placeholders)."""
    if isinstance(node, dict):
        poisoned = {k: (v if k in NOT_TEXT else _poison(v, k)) for k, v in node.items()}
        if node.get("kind") == "true-false":        # its options must read exactly True, False
            poisoned["options"] = [{**option, **_poison({k: v for k, v in option.items()
                                                          if k != "text"})}
                                   for option in node["options"]]
        return poisoned
    if isinstance(node, list):
        return [_poison(item, key) for item in node]
    if isinstance(node, str) and key not in NOT_TEXT:
        return node + PAYLOAD
    return node


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, own_build) -> Path:
    project = project_copy(tmp_path_factory.mktemp("hostile"))
    data_file = project / "docs" / "data" / "clinical-rules.yml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    data_file.write_text(yaml.safe_dump(_poison(data), allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    site = project / "site"
    result = own_build(site, project / "mkdocs.yml")
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return site


def test_no_page_turns_the_payload_into_markup(hostile_site):
    problems = []
    for html_file in sorted(hostile_site.rglob("*.html")):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        page = html_file.relative_to(hostile_site)
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                values = value if isinstance(value, list) else [value]
                if name.startswith("on") or any(EVIL in str(v) for v in values
                                                 if name in ("href", "src", "srcset", "action")):
                    problems.append(f"{page}: <{tag.name} {name}={value!r}>")
    assert problems == [], "\n".join(problems[:20])


def test_the_payload_is_shown_as_typed(hostile_site):
    """Where data text is shown, the reader sees the characters, brackets and all."""
    shown = '[a](https://evil.example/x) ![b](https://evil.example/y.png) {onclick="alert(1)"} *em*'
    for page in ("when-to-see-a-doctor.html", "check/sudden-signs.html", "check/call-now.html",
                 "check/overview.html", "types/fasciculations.html"):
        text = " ".join(BeautifulSoup((hostile_site / page).read_text(encoding="utf-8"),
                                      "html.parser").select_one("article").get_text().split())
        assert shown in text, page


def test_every_page_opens_without_a_dialog_or_a_request_elsewhere(browser, hostile_site):
    tab = new_page(browser)
    dialogs, requests = [], []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("request", lambda request: requests.append(request.url) if EVIL in request.url else None)
    missing = []
    tab.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    # 404.html links its assets from the site's root path on purpose (it is served at any
    # depth on GitHub Pages), so it cannot load here; tests/test_site.py checks it.
    pages = sorted(path.relative_to(hostile_site).as_posix()
                   for path in hostile_site.rglob("*.html") if path.name != "404.html")
    try:
        with serve(hostile_site) as base_url:
            for page in pages:
                tab.goto(base_url + page)
                if page == "quiz/index.html":        # the quiz script renders data text
                    tab.get_by_role("button", name="Start the quiz").click()
                    shown = tab.locator("#mtg-quiz").inner_text()
                    assert "[a](https://evil.example/x)" in shown, shown[:300]
            assert dialogs == [] and requests == []
            assert tab.console_errors == [], missing
    finally:
        tab.context.close()
