"""Time frames that cannot drift: a page's sentence about a red-flag sign says that sign's tier.

Pages explain signs in their own words, and a sentence such as "Twitching of the tongue is worth
showing to a doctor" once gave no time frame where the sign's box said "within a few days".
Two tools stop that:

- `{{when:FLAG-ID}}` in a page becomes the time frame of that flag's tier ("today"), read from
  the loaded rules, so the words follow the flag if it moves tier;
- `problems()` reads every sentence of a page; when one is about a sign (a phrase from
  docs/data/time-frames.yml) and tells the reader to get help, it must carry that sign's time
  words and no slower ones. The build stops on the first problem, naming file, line, sign and
  the words to write; `make check` (tests/test_time_frames.py) lists them all.

Flags and tiers come from the `Guide` (its `red_flags`, each with `id` and `tier`, and its
`tiers`, each with `when`), never from a copy here, so new or renamed flags are checked as
soon as the data file has them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..data.model import Guide, tier_rank
from ..data.yaml_source import At, DataError, read
from .markup import md_text

FILE = "docs/data/time-frames.yml"
WHEN = re.compile(r"\{\{\s*when:([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}")


@dataclass(frozen=True)
class Sign:
    flag: str
    phrases: tuple[re.Pattern, ...]
    not_with: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class TimeFrames:
    words: dict                  # tier id -> compiled pattern of its time words
    said: dict                   # tier id -> the words to suggest ("within a few days")
    advice: tuple[re.Pattern, ...]
    signs: tuple[Sign, ...]
    pending: dict = None         # flag id -> the tier pages already use, awaiting the rules

    def tier_of(self, flag) -> str:
        return (self.pending or {}).get(flag.id, flag.tier)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


def _pattern(node: At) -> re.Pattern:
    try:
        return re.compile(node.text(), re.IGNORECASE)
    except re.error as error:
        raise node.error(f"is not a valid regular expression ({error})") from None


def _patterns(node: At) -> tuple[re.Pattern, ...]:
    return tuple(_pattern(item) for item in node.items(1))


def _words(words: list[str]) -> re.Pattern:
    alternatives = sorted({word.lower() for word in words}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(word) for word in alternatives)
                      + r")(?![\w-])", re.IGNORECASE)


def load(path: Path, guide: Guide, display_name: str = FILE) -> TimeFrames:
    top = read(path, display_name).mapping(required=("time_words", "advice", "signs"),
                                           optional=("pending",))
    words, said = {}, {}
    for tier_id, node in top["time_words"].entries().items():
        if tier_id not in guide.tiers:
            raise node.error(f"'{tier_id}' is not a tier of {guide.file}; the tiers are "
                             f"{', '.join(guide.tiers)}")
        listed = [item.text() for item in node.items(1)]
        said[tier_id] = guide.tiers[tier_id].when
        words[tier_id] = _words(listed + [guide.tiers[tier_id].when])
    flags = {flag.id for flag in guide.red_flags}
    signs = []
    for flag_id, node in top["signs"].entries().items():
        if flag_id not in flags:
            raise node.error(f"'{flag_id}' is not a red flag in {guide.file} (renamed or "
                             "removed?); use its id from 'red_flags:' there")
        fields = node.mapping(required=("phrases",), optional=("not_with",))
        tier = guide.flag(flag_id).tier
        if tier not in words:
            raise node.error(f"its tier '{tier}' has no entry under 'time_words'")
        signs.append(Sign(flag_id, _patterns(fields["phrases"]),
                          _patterns(fields["not_with"]) if "not_with" in fields else ()))
    pending = {}
    for flag_id, node in (top["pending"].entries() if "pending" in top else {}).items():
        fields = node.mapping(required=("tier", "why"))
        if flag_id not in flags:
            raise node.error(f"'{flag_id}' is not a red flag in {guide.file}")
        tier = fields["tier"].choice(list(words))
        fields["why"].text()
        if tier == guide.flag(flag_id).tier:
            raise node.error(f"'{flag_id}' now has tier '{tier}' in {guide.file}, so this "
                             "entry is done: delete it")
        pending[flag_id] = tier
    return TimeFrames(words, said, _patterns(top["advice"]), tuple(signs), pending)


def expand_when(markdown: str, guide: Guide, unknown) -> str:
    """`{{when:flag-id}}` -> the time frame of that flag's tier. `unknown(flag_id, position)`
    builds the error for an id that is not a red flag."""
    flags = {flag.id: flag for flag in guide.red_flags}

    def replace(match: re.Match) -> str:
        flag = flags.get(match.group(1))
        if flag is None:
            raise unknown(match.group(1), match.start())
        return md_text(guide.tiers[flag.tier].when)

    return WHEN.sub(replace, markdown)


# --- reading a page's sentences -------------------------------------------------------------

_JOIN = "\x1f"        # joins a unit's lines, so a sentence's line can be counted back
_SKIP_LINE = re.compile(r"^\s*(?:#|!!!|\?\?\?|<!--|\|?\s*:?-{3,}|```|---\s*$|\*\[)")
_INLINE = [
    (re.compile(r"<!--.*?-->", re.DOTALL), " "),
    (re.compile(r"\[@[^\]]*\]"), ""),
    (re.compile(r"\[evidence:[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>]+>"), " "),
    (re.compile(r"\{[#.:][^}]*\}"), ""),
    (re.compile(r"[*_`]"), ""),
    (re.compile(_JOIN), " "),
]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"(*<\[])|(?<=\])\s+(?=[A-Z][a-z])")
_ITEM_START = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _units(markdown: str, first_line: int):
    """(line, text) for each paragraph, list item and table row of a page."""
    unit, start, fenced = [], 0, False
    for number, line in enumerate(markdown.splitlines(), start=first_line):
        if line.strip().startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            if unit:
                yield start, _JOIN.join(unit)
            unit = []
            yield number, None                  # a heading: a new section starts
            continue
        if fenced or _SKIP_LINE.match(line) or not line.strip() or _ITEM_START.match(line) \
                or line.lstrip().startswith("|"):
            if unit:
                yield start, _JOIN.join(unit)
            unit = []
            if fenced or _SKIP_LINE.match(line) or not line.strip():
                continue
            if line.lstrip().startswith("|"):
                yield number, line.replace("|", " ; ")
                continue
            line = _ITEM_START.sub("", line)
        if not unit:
            start = number
        unit.append(line.strip())
    if unit:
        yield start, _JOIN.join(unit)


def _plain(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def sentences(markdown: str, first_line: int = 1):
    """(line, plain text) of each sentence, markup removed; (line, None) at each heading."""
    for line, text in _units(markdown, first_line):
        if text is None:
            yield line, None
            continue
        position = 0
        for sentence in _SENTENCE_END.split(text):
            at = text.find(sentence, position)
            position = at + len(sentence)
            if _plain(sentence):
                yield line + text.count(_JOIN, 0, at), _plain(sentence)


def _found(pattern: re.Pattern, text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None


# A sentence that points back ("If that happens, see your doctor") is about the signs of the
# section it stands in.
BACK_REFERENCE = re.compile(r"^(?:if (?:that|this|so|these|any of these|you notice any of "
                            r"these|it does)\b|then\b)", re.IGNORECASE)


def signs_in(sentence: str, frames: TimeFrames, guide: Guide) -> list:
    """(flag, the words that name it) for each sign this sentence is about."""
    about = []
    for sign in frames.signs:
        phrase = next((found for found in (_found(p, sentence) for p in sign.phrases) if found),
                      None)
        if phrase and not any(p.search(sentence) for p in sign.not_with):
            about.append((guide.flag(sign.flag), phrase))
    return about


def check_sentence(sentence: str, frames: TimeFrames, guide: Guide,
                   section: list = ()) -> str | None:
    """Why this sentence disagrees with the rules, or None. `section`: the signs named earlier
    in the same section, for a sentence that points back to them."""
    about = signs_in(sentence, frames, guide)
    if not about and BACK_REFERENCE.match(sentence):
        about = list(section)
    if not about or not any(p.search(sentence) for p in frames.advice):
        return None
    present = {tier: _found(pattern, sentence) for tier, pattern in frames.words.items()}
    present = {tier: words for tier, words in present.items() if words}
    needed = {frames.tier_of(flag) for flag, _ in about}
    fastest_needed = min(tier_rank(tier) for tier in needed)
    for flag, phrase in about:
        tier = frames.tier_of(flag)
        if tier in present:
            continue
        said = ", ".join(f"'{words}'" for words in present.values()) or "no time frame"
        how = (f"'{frames.said[tier]}', or {{{{when:{flag.id}}}}}, or link to the 'When to get "
               "help' box" if tier == flag.tier else f"'{frames.said[tier]}' (pending in {FILE})")
        return (f"this sentence is about the red-flag sign '{flag.id}' ('{phrase}'), whose "
                f"tier is {guide.tiers[tier].label}, but it says {said}. Write {how}")
    for tier, words in present.items():
        if tier not in needed and tier_rank(tier) < fastest_needed:
            signs = ", ".join(f"'{flag.id}'" for flag, _ in about)
            return (f"this sentence is about {signs} but also says '{words}', a slower time "
                    f"frame ({guide.tiers[tier].label}); say one time frame per sign")
    return None


def problems(markdown: str, frames: TimeFrames, guide: Guide, first_line: int = 1) -> list:
    found, section = [], []
    for line, sentence in sentences(markdown, first_line):
        if sentence is None:
            section = []
            continue
        message = check_sentence(sentence, frames, guide, section)
        if message:
            found.append(Problem(line, message))
        section += [sign for sign in signs_in(sentence, frames, guide) if sign not in section]
    return found


__all__ = ["FILE", "TimeFrames", "Problem", "load", "expand_when", "sentences", "problems",
           "check_sentence", "DataError"]
