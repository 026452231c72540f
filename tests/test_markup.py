"""Text from the data file can never become markup: escaping, checked by rendering it."""
from __future__ import annotations

import markdown
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchguide.pages.markup import html_text, md_text, relative_link
from twitchguide.pages.quiz_page import embedded_json

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables"]
HOSTILE = [
    "<script>alert(1)</script>", "[click](javascript:alert(1))", "*bold* _it_ `code`",
    "![img](x.png)", "{: onclick=alert(1) }", "a | b | c", "&lt;b&gt; &amp;", "\\*not bold\\*",
    "<img src=x onerror=alert(1)>", "[@nhs-twitching] [evidence: good]", "</script><b>x</b>",
]


def rendered(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(md_text(text), extensions=EXTENSIONS), "html.parser")


def test_hostile_strings_render_as_plain_text():
    for text in HOSTILE:
        soup = rendered(text)
        assert [tag.name for tag in soup.find_all(True)] == ["p"], text
        assert soup.get_text() == text


@settings(max_examples=300)  # fixed examples, no deadline: tests/conftest.py's profile
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
               min_size=1).map(lambda s: " ".join(s.split())).filter(bool))
def test_any_text_stays_text(text):
    soup = rendered(text)
    assert all(tag.name == "p" for tag in soup.find_all(True))
    assert soup.get_text() == text


def test_html_text_escapes_quotes_too():
    assert html_text('"><script>') == "&quot;&gt;&lt;script&gt;"


def test_embedded_json_cannot_close_its_script_element():
    text = embedded_json({"a": "</script><script>alert(1)</script>", "b": "&"})
    assert "<" not in text and ">" not in text and "&" not in text


def test_relative_links_between_pages():
    assert relative_link("types/fasciculations.md", "check/index.md") == "../check/index.md"
    assert relative_link("index.md", "causes.md#caffeine") == "causes.md#caffeine"
    assert relative_link("check/call-now.md", "check/index.md") == "index.md"
