"""Hostile data: what an editor's mistake (or a malicious pull request) can put into the data file,
the glossary or a generated title, and the one clear message or the plain text it must become.

Markup: admonition titles and front-matter values (`markup.admonition`, `markup.meta_text`)
rendered the way the site renders them, with explicit payloads and with hypothesis.
Loading: each case edits one line of the real data file and expects exactly
`clinical-rules.yml:LINE: field: problem` (one line, no traceback, bounded time).
"""
from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from sitekit import ROOT
from twitchguide.pages.glossary import GlossaryError, read_glossary
from twitchguide.data.loader import load
from twitchguide.pages.markup import admonition, meta_text
from twitchguide.data.yaml_source import MAX_ID_LENGTH, MAX_TEXT_LENGTH, DataError, parse

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables"]
PAYLOADS = [
    "Self-care ![x](data:,){onerror=alert(document.domain)}",
    "get medical help today if you have ![](https://tracker.example/p.gif)",
    "Result [click here](https://evil.example/phish)",
    "Urgent [x](javascript:alert(1)){: onclick=alert(1) }",
    "Title {: .cls #id onclick=alert(1) }",
    "Say \"stop\" > then go",
    '" class="x',
    'About your "twitch" > visible junk',
    "</script><script>alert(1)</script>",
    "before <!-- hidden --> after",
    "<img src=x onerror=alert(1)>",
    "*bold* _it_ `code` \\*not bold\\*",
    "&lt;b&gt; &amp; &#60; &#x3c;",
    "# not a heading", "!!! note", "1. not a list",
    "a | b | c", "<https://autolink.example>", "[ref][1]\n\n[1]: https://x.example",
]


def _fold(text: str) -> str:
    return " ".join(text.split())


# ---- admonition titles (D1) ------------------------------------------------------------------

def admonition_title(title: str) -> BeautifulSoup:
    rendered = markdown.markdown(admonition("tier-urgent", title, "Body text."),
                                 extensions=EXTENSIONS)
    soup = BeautifulSoup(rendered, "html.parser")
    boxes = soup.select("div.admonition")
    assert len(boxes) == 1, rendered
    assert soup.select("div.admonition > p:last-child")[0].get_text() == "Body text.", rendered
    return soup.select_one("p.admonition-title")


@pytest.mark.parametrize("title", PAYLOADS)
def test_admonition_title_stays_plain_text(title):
    paragraph = admonition_title(title)
    assert paragraph is not None
    assert paragraph.find_all(True) == [], f"markup in the title: {paragraph}"
    assert paragraph.attrs == {"class": ["admonition-title"]}
    assert paragraph.get_text() == _fold(title)


@settings(max_examples=300)  # fixed examples, no deadline: tests/conftest.py's profile
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
               min_size=1).map(_fold).filter(bool))
def test_any_admonition_title_stays_plain_text(title):
    paragraph = admonition_title(title)
    assert paragraph.find_all(True) == []
    assert paragraph.get_text() == title


# ---- front-matter values (D5) ----------------------------------------------------------------

def _meta_value(text: str) -> str:
    """The description as MkDocs reads it from the front matter meta_text wrote."""
    _, meta = get_data(f"---\ntitle: {meta_text(text)}\ndescription: {meta_text(text)}\n---\n\n# x\n")
    assert meta["title"] == meta["description"]
    return meta["description"]


@pytest.mark.parametrize("text", PAYLOADS + [
    "back\\slash \\\" and \\n", "tab\tand\nnewline", "yaml: colon # hash - dash", "'single'",
    "\x1b escape \x7f del \x85 nel \u2028 ls \ufeff bom", "emoji 😀 and é"])
def test_meta_text_is_safe_in_a_meta_attribute(text):
    value = _meta_value(text)
    assert not set(value) & set('"<>'), value
    assert html.unescape(value) == _fold(text)
    # Material writes it raw into an attribute (no autoescape): one meta element, one attribute.
    soup = BeautifulSoup(f'<head><meta name="description" content="{value}"></head><p>after</p>',
                         "html.parser")
    metas = soup.find_all("meta")
    assert len(metas) == 1 and set(metas[0].attrs) == {"name", "content"}
    assert metas[0]["content"] == _fold(text)
    assert soup.find("p").get_text() == "after"


@settings(max_examples=300)  # fixed examples, no deadline: tests/conftest.py's profile
@given(st.text(min_size=1))
def test_any_meta_text_parses_back_to_the_escaped_text(text):
    """Any text at all (controls, surrogates, line separators) stays one valid YAML scalar."""
    value = _meta_value(text) if _fold(text) else yaml.safe_load(f"v: {meta_text(text)}")["v"]
    assert html.unescape(value) == _fold(text)
    assert "\n" not in meta_text(text)


# ---- the data file: one line per mistake (D2a, D6, D8, D9, D12 length cap) --------------------

DATA = ROOT / "docs" / "data" / "clinical-rules.yml"
NAME = "clinical-rules.yml"
VALID = DATA.read_text(encoding="utf-8")
# The first red flag: its id and text lines are edited below (found by shape, not by wording,
# so editorial changes to the file do not break the corpus).
FIRST_FLAG = re.search(r"^red_flags:\n(?:  #.*\n)*  - id: (?P<id>\S+)\n    tier: \S+\n"
                       r"    text: (?P<text>.+)$", VALID, re.M)
FLAG_ID_LINE = VALID[: FIRST_FLAG.start("id")].count("\n") + 1
FLAG_TEXT_LINE = VALID[: FIRST_FLAG.start("text")].count("\n") + 1


def _line_of(pattern: str) -> int:
    found = re.search(pattern, VALID, re.M)
    assert found, pattern
    return VALID[: found.start()].count("\n") + 1


def _replace_line(text: str, line: int, new: str) -> str:
    lines = text.split("\n")
    lines[line - 1] = new
    return "\n".join(lines)


def _with_flag_text(value: str) -> str:
    """The first red flag's text as a YAML double-quoted value (escapes such as \\e allowed)."""
    return _replace_line(VALID, FLAG_TEXT_LINE, f'    text: "{value}"')


def _with_flag_id(value: str) -> str:
    return _replace_line(VALID, FLAG_ID_LINE, f'  - id: "{value}"')


FLAG_TEXT = ("red_flags[0].text", FLAG_TEXT_LINE)
INVISIBLE = "delete it (retype the text around it if unsure)"
LONG_TEXT = "Twitching. " * 200

# (case, broken file, field, line, problem): the message must be exactly f"{NAME}:{line}: ..."
CORPUS = [
    ("nul-escape", _with_flag_text("Call \\0 999"), *FLAG_TEXT,
     f"contains the invisible character U+0000; {INVISIBLE}"),
    ("esc-escape", _with_flag_text("Which one\\e?"), *FLAG_TEXT,
     f"contains the invisible character U+001B; {INVISIBLE}"),
    ("del", _with_flag_text("Outcome\\x7f title"), *FLAG_TEXT,
     f"contains the invisible character U+007F; {INVISIBLE}"),
    ("c1-nel", _with_flag_text("a\\x85b"), *FLAG_TEXT,
     f"contains the invisible character U+0085; {INVISIBLE}"),
    ("c1-csi", _with_flag_text("a\\x9bb"), *FLAG_TEXT,
     f"contains the invisible character U+009B; {INVISIBLE}"),
    ("bidi-override", _with_flag_text("Call \\u202e999 ton od\\u202c"), *FLAG_TEXT,
     f"contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE); {INVISIBLE}"),
    ("bidi-isolate", _with_flag_text("a\\u2067b"), *FLAG_TEXT,
     f"contains the invisible character U+2067 (RIGHT-TO-LEFT ISOLATE); {INVISIBLE}"),
    ("bidi-mark", _with_flag_text("a\\u200fb"), *FLAG_TEXT,
     f"contains the invisible character U+200F (RIGHT-TO-LEFT MARK); {INVISIBLE}"),
    ("arabic-mark", _with_flag_text("a\\u061cb"), *FLAG_TEXT,
     f"contains the invisible character U+061C (ARABIC LETTER MARK); {INVISIBLE}"),
    ("zero-width-space", _with_flag_text("Sudden\\u200b weakness"), *FLAG_TEXT,
     f"contains the invisible character U+200B (ZERO WIDTH SPACE); {INVISIBLE}"),
    ("word-joiner", _with_flag_text("a\\u2060b"), *FLAG_TEXT,
     f"contains the invisible character U+2060 (WORD JOINER); {INVISIBLE}"),
    ("inner-bom", _with_flag_text("a\\ufeffb"), *FLAG_TEXT,
     f"contains the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE); {INVISIBLE}"),
    ("text-too-long", _with_flag_text(LONG_TEXT), *FLAG_TEXT,
     f"is {len(LONG_TEXT.strip())} characters long; the most is {MAX_TEXT_LENGTH}"),
    ("id-trailing-newline", _with_flag_id(FIRST_FLAG["id"] + "\\n"), "red_flags[0].id",
     FLAG_ID_LINE, f"'{FIRST_FLAG['id']}\\n' is not a valid id (lowercase letters, digits and "
                   "single hyphens, for example 'new-weakness')"),
    ("id-too-long", _with_flag_id("a" * (MAX_ID_LENGTH + 1)), "red_flags[0].id", FLAG_ID_LINE,
     f"'{'a' * 27}...{'a' * 28}' is {MAX_ID_LENGTH + 1} characters long; an id has at most "
     f"{MAX_ID_LENGTH}"),
    ("not-an-int", VALID.replace("version: 1\n", "version: !!int abc\n", 1), "(file)",
     _line_of(r"^version: 1$"), "not valid YAML: 'abc' is not a valid whole number"),
    ("not-a-bool", re.sub(r"^(\s+)correct: true$", r"\1correct: !!bool maybe", VALID, count=1,
                          flags=re.M), "(file)", _line_of(r"^\s+correct: true$"),
     "not valid YAML: 'maybe' is not a valid true or false value"),
    ("impossible-date", re.sub(r"^updated: \S+$", "updated: 2026-02-30", VALID, count=1,
                               flags=re.M), "(file)", _line_of(r"^updated: "),
     "not valid YAML: '2026-02-30' is not a valid date"),
    ("unhashable-key", re.sub(r"^version: 1$", "version: 1\n? [a, b]\n: x", VALID, count=1,
                              flags=re.M), "(file)", _line_of(r"^version: 1$") + 1,
     "not valid YAML: a key must be plain text, not a list"),
    ("raw-nul", _replace_line(VALID, FLAG_TEXT_LINE, "    text: Call\x00 999"), "(file)",
     FLAG_TEXT_LINE, "not valid YAML: the character U+0000 is not allowed in a YAML file"),
    ("raw-esc", _replace_line(VALID, FLAG_TEXT_LINE, "    text: Call\x1b 999"), "(file)",
     FLAG_TEXT_LINE, "not valid YAML: the character U+001B is not allowed in a YAML file"),
    ("alias", re.sub(r"^checker:\n  start: \S+$", "checker:\n  start: *top", VALID, count=1,
                     flags=re.M).replace("version: 1\n", "version: &top 1\n", 1), "(file)",
     _line_of(r"^  start: "), "aliases (*top) are not allowed; write the value out in full"),
]


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    """A 'billion laughs' as the checker's start question, on one line (9**9 strings once
    expanded): before aliases were refused, the error message's repr() expanded it."""
    parts = ['&x0 ["lol"]'] + [f"&x{n} [{', '.join([f'*x{n - 1}'] * width)}]"
                               for n in range(1, levels + 1)]
    return _replace_line(VALID, _line_of(r"^  start: "), f"  start: [{', '.join(parts)}]")


CORPUS.append(("alias-bomb", _alias_bomb(), "(file)", _line_of(r"^  start: "),
               "aliases (*x0) are not allowed; write the value out in full"))


@pytest.mark.parametrize("case, text, field, line, problem", CORPUS, ids=[c[0] for c in CORPUS])
def test_hostile_data_file_gives_one_located_line(tmp_path, case, text, field, line, problem):
    assert text != VALID, f"{case}: the edit did not apply"
    broken = tmp_path / NAME
    broken.write_bytes(text.encode("utf-8"))
    with pytest.raises(DataError) as caught:
        load(broken, NAME)
    assert str(caught.value) == f"{NAME}:{line}: {field}: {problem}"


def test_an_error_never_prints_a_huge_value(tmp_path):
    """A huge value in a checked field is described shortly (choice(), ident(), boolean())."""
    huge = "x" * 1_000_000
    text = re.sub(r"^    tier: \S+$", f"    tier: {huge}", VALID, count=1, flags=re.M)
    broken = tmp_path / NAME
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(broken, NAME)
    assert len(str(caught.value)) < 300, str(caught.value)[:300]
    assert caught.value.field == "red_flags[0].tier"


def test_a_bad_utf8_byte_is_reported_on_its_line(tmp_path):
    broken = tmp_path / NAME
    data = VALID.encode("utf-8").split(b"\n")
    data[FLAG_TEXT_LINE - 1] = b"    text: caf\xe9"
    broken.write_bytes(b"\n".join(data))
    with pytest.raises(DataError) as caught:
        load(broken, NAME)
    assert str(caught.value) == (f"{NAME}:{FLAG_TEXT_LINE}: (file): not UTF-8 text (byte 0xe9 "
                                 "cannot start or continue a character; save the file as UTF-8)")


@pytest.mark.parametrize("document, line, problem", [
    ("a: 1\nb: !!float x1\n", 2, "'x1' is not a valid number"),
    ("a: 1\nb: 2026-13-01\n", 2, "'2026-13-01' is not a valid date"),
    ("a: 1\nb: 2026-11-26 25:00:00\n", 2, "'2026-11-26 25:00:00' is not a valid date"),
    ("a: 1\n? {k: v}\n: x\n", 2, "a key must be plain text, not a mapping"),
    ("a: 1\nb: 2\r\nc: x\x00\n", 3, "the character U+0000 is not allowed in a YAML file"),
    ("a: é\nb: 2\nc: x\x00\n", 3, "the character U+0000 is not allowed in a YAML file"),
    ("a: 1\u2028b: 2\nc: \x07\n", 3, "the character U+0007 is not allowed in a YAML file"),
])
def test_yaml_level_mistakes_are_located(document, line, problem):
    with pytest.raises(DataError) as caught:
        parse(document, "f.yml")
    assert caught.value.line == line, str(caught.value)
    assert str(caught.value) == f"f.yml:{line}: (file): not valid YAML: {problem}"


def test_ids_are_matched_whole():
    for bad in ("new-weakness\n", "\nnew-weakness", "new-weakness ", "new--weakness", "-a", "a-"):
        with pytest.raises(DataError, match="is not a valid id"):
            parse(f"id: {yaml.safe_dump(bad).strip()}\n", "f.yml").mapping(["id"])["id"].ident()
    assert parse("id: new-weakness\n", "f.yml").mapping(["id"])["id"].ident() == "new-weakness"


def test_ordinary_unicode_text_is_still_fine():
    text = parse('t: "Café – naïve “quotes”, 2 weeks\\t(ok)\\n, ½ dose, 😀"\n', "f.yml")
    assert text.mapping(["t"])["t"].text() == "Café – naïve “quotes”, 2 weeks (ok) , ½ dose, 😀"


# ---- the glossary ----------------------------------------------------------------------------

def test_non_utf8_glossary_is_one_located_line(tmp_path):
    glossary = tmp_path / "glossary.md"
    glossary.write_bytes(b"*[EMG]: Electromyography\n*[BFS]: Benign fasciculation\xff syndrome\n")
    with pytest.raises(GlossaryError) as caught:
        read_glossary(glossary, "includes/glossary.md")
    assert str(caught.value) == ("includes/glossary.md:2: not UTF-8 text (byte 0xff); save the "
                                 "file as UTF-8")


def test_missing_glossary_is_one_line(tmp_path):
    with pytest.raises(GlossaryError, match=r"^includes/glossary.md:1: file not found$"):
        read_glossary(tmp_path / "nothing.md", "includes/glossary.md")
