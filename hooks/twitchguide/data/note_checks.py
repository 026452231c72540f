"""A safety note must not tell readers the opposite of what its own sources say.

Most of a note can only be checked by a person reading the source (CONTRIBUTING.md, "Safety
notes"). One mistake can be caught by the build: an instruction about a medicine turned
around. A note that says "do not stop" while a source it cites records, in its `seen` note,
that you should stop (or the reverse) is refused. The quinine note once said "do not stop or
change it on your own" while its own formulary source said to stop quinine after 4 weeks
without benefit, and the regulator says to stop it at once with bruising or bleeding.

Only instructions count, not descriptions: "stop it", "should stop", "advised to stop" are
positive; "do not stop", "do not suddenly stop", "should not take" are negative; "if they stop
drinking" or "stopping suddenly can cause fits" are neither.
"""
from __future__ import annotations

import re

VERBS = ("stop", "take", "change")
_NEGATION = r"(?:do not|don't|never|should not|must not|not to)"
_ASKED = r"(?:should|must|advised to|told to|need to|needs to)"


def _negative(verb: str) -> re.Pattern:
    return re.compile(rf"\b{_NEGATION}\s+(?:[a-z]+\s+)?{verb}\b", re.IGNORECASE)


def _positive(verb: str) -> re.Pattern:
    # At the start of a sentence or clause, after "and", or after "should" and the like.
    return re.compile(rf"(?:^|[.;:,]\s*|\band\s+|\b{_ASKED}\s+){verb}\b(?!\s+(?:it\s+)?suddenly)",
                      re.IGNORECASE)


def instructions(text: str, verb: str) -> set[str]:
    """The kinds of instruction `text` gives about `verb`: {"do"}, {"do not"}, both or none."""
    found = set()
    if _negative(verb).search(text):
        found.add("do not")
    if _positive(verb).search(_negative(verb).sub(" ", text)):
        found.add("do")
    return found


def contradiction(note_text: str, seen_by_source: dict) -> str | None:
    """Why the note contradicts one of its sources, or None. `seen_by_source` maps each cited
    source id to its `seen` note (or None)."""
    for verb in VERBS:
        said = instructions(note_text, verb)
        if len(said) != 1:          # silent, or both ("stop X if...; do not stop Y")
            continue
        for source_id, seen in seen_by_source.items():
            recorded = instructions(seen or "", verb)
            if len(recorded) == 1 and recorded != said:
                (ours,), (theirs,) = said, recorded
                return (f"says '{ours} {verb}', but its source '{source_id}' records the "
                        f"opposite in its 'seen' note ('{theirs} {verb}'). Follow the source, "
                        f"or cite one that says what the note says")
    return None
