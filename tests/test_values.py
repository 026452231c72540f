"""One number in one place: a threshold the data file holds under `values:` is never typed out
by hand in a page or in the data file's own text; both write `{{value-id}}`. Fast: reads the
Markdown and YAML sources, no build."""
from __future__ import annotations

import re

import pytest

from sitekit import DATA_FILE, DOCS, load_guide

GUIDE = load_guide()
WORDS = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "10": "ten"}

# Where the same words mean something else, the exact phrase is allowed, with the reason.
OTHER_MEANINGS = {
    "the middle and last 3 months": "the third trimester of pregnancy, not the eyelid rule",
    "past 3 months of age": "a baby's age, not the eyelid rule",
    "under 3 months old": "a baby's age in the fever rule (NICE NG143), not the eyelid rule",
    "babies under 3 months": "a source's title about a baby's age, not the eyelid rule",
    "3 to 6 months old": "a baby's age in the fever rule (NICE NG143), not the eyelid rule",
}


def _number_and_unit(text: str) -> str | None:
    """'2 weeks' from '2 weeks', '200 mg' from '200 mg a day'; None for text without a number."""
    match = re.match(r"(?:about )?(\d+(?: or \d+)?) ([a-z]+)", text)
    return match and f"{match.group(1)} {match.group(2)}"


def _patterns() -> dict[str, re.Pattern]:
    found = {}
    for value_id, value in GUIDE.values.items():
        phrase = _number_and_unit(value.text)
        if phrase:
            number, unit = phrase.split(" ", 1)
            spelled = WORDS.get(number)
            numbers = re.escape(number) + (f"|{spelled}" if spelled else "")
            found[value_id] = re.compile(rf"(?<![\w.,-])(?:{numbers})[ -]?{re.escape(unit)}\b(?!-)",
                                         re.IGNORECASE)
    return found


PATTERNS = _patterns()
PAGES = sorted(path for path in DOCS.rglob("*.md") if "data" not in path.relative_to(DOCS).parts)


def _literal_uses(text: str) -> list[str]:
    allowed = [m.span() for phrase in OTHER_MEANINGS for m in re.finditer(re.escape(phrase), text)]
    hits = []
    for value_id, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            if not any(start <= match.start() < end for start, end in allowed):
                line = text[: match.start()].count("\n") + 1
                hits.append(f"line {line}: '{match.group(0)}' (write {{{{{value_id}}}}})")
    return hits


def test_every_value_with_a_number_is_guarded():
    assert set(PATTERNS) >= {"twitch-see-a-doctor-after", "caffeine-adult-limit",
                             "caffeine-pregnancy-limit", "seizure-emergency-after"}


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_no_page_types_a_value_by_hand(path):
    assert _literal_uses(path.read_text(encoding="utf-8")) == []


def test_the_data_file_types_no_value_by_hand():
    text = DATA_FILE.read_text(encoding="utf-8")
    # The values themselves, and the notes on what each source says, are where numbers belong.
    blank = lambda match: "\n" * match.group(0).count("\n")      # keep the line numbers
    body = re.sub(r"(?ms)^values:\n.*?(?=^\S)", blank, text)
    body = re.sub(r"(?m)^    seen: .*$", "", body)
    assert _literal_uses(body) == []


def test_the_guard_catches_a_typed_value():
    assert _literal_uses("See a doctor after two weeks, or after 2 weeks.") != []
    assert len(_literal_uses("Keep to 200 mg of caffeine.")) == 1
    assert _literal_uses("Keep to {{caffeine-pregnancy-limit}}.") == []


def test_a_value_placed_in_a_page_stays_plain_text():
    """Pages are Markdown: a value's text must not become a link or emphasis there."""
    import dataclasses

    from twitchguide.data.model import Value
    from twitchguide.pages.hand_written import PageInfo, expand_values
    guide = dataclasses.replace(GUIDE, values={"v": Value("v", "[a](https://x.example) *b*", ())})
    page = expand_values(PageInfo("p.md", {}, "Wait {{v}}."), guide)
    assert page.markdown == r"Wait \[a\](https://x.example) \*b\*."
