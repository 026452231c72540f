"""Safety notes: written once in the data file, shown from there, and never the opposite of
their own sources.

The quinine note once told readers not to stop quinine on their own, on four pages, while the
regulator says to stop it at once with bruising or bleeding; the pages around it gave three
different instructions for pregnancy.
"""
from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from sitekit import DOCS, ROOT, load_guide, reader_sources
from twitchguide.data.loader import load
from twitchguide.data.note_checks import contradiction, instructions
from twitchguide.data.yaml_source import DataError

DATA = ROOT / "docs" / "data" / "clinical-rules.yml"
VALID = DATA.read_text(encoding="utf-8")
GUIDE = load_guide()
OLD_QUININE = ("If a doctor has prescribed quinine for cramps, do not stop or change it on your "
               "own; talk to them first. If you become pregnant while taking it, tell your doctor.")


def _note_line(note_id: str) -> str:
    return next(line for line in VALID.splitlines(keepends=True)
                if line.startswith("    text: ")
                and VALID.index(line) > VALID.index(f"  - id: {note_id}\n"))


def test_the_old_quinine_note_stops_the_build_naming_line_and_source(tmp_path):
    line = _note_line("quinine")
    broken = tmp_path / "clinical-rules.yml"
    broken.write_text(VALID.replace(line, f"    text: {OLD_QUININE}\n"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(broken, "clinical-rules.yml")
    message = str(caught.value)
    assert caught.value.line == VALID[:VALID.index(line)].count("\n") + 1, message
    assert caught.value.field.startswith("safety_notes[") and caught.value.field.endswith(".text")
    assert "says 'do not stop'" in message and "'seen' note ('do stop')" in message, message
    assert "\n" not in message


@pytest.mark.parametrize("text, verb, expected", [
    ("Do not stop it suddenly on your own.", "stop", {"do not"}),
    ("do not suddenly stop it, as this could be dangerous", "stop", {"do not"}),
    ("Patients should stop treatment and consult a doctor.", "stop", {"do"}),
    ("If you get bruising, stop it and get medical help at once.", "stop", {"do"}),
    ("People who are dependent can die if they stop drinking suddenly.", "stop", set()),
    ("Stopping suddenly can cause fits.", "stop", set()),
    ("Never take potassium pills unless a doctor prescribes them.", "take", {"do not"}),
])
def test_instructions_are_told_from_descriptions(text, verb, expected):
    assert instructions(text, verb) == expected


def test_a_note_that_agrees_with_its_sources_passes():
    assert contradiction("Do not stop it suddenly.", {"a": "do not suddenly stop it"}) is None
    assert contradiction("Stop it and see a doctor.", {"a": "patients should stop treatment"}) \
        is None


def test_every_note_on_the_site_agrees_with_its_sources():
    for note in GUIDE.safety_notes:
        seen = {source: GUIDE.sources[source].seen for source in note.sources}
        assert contradiction(note.text, seen) is None, note.id


def test_the_quinine_note_says_stop_at_once_and_gives_one_pregnancy_instruction():
    note = next(note for note in GUIDE.safety_notes if note.id == "quinine")
    assert "stop it and get medical help at once" in note.text
    assert "mhra-quinine-2010" in note.sources and GUIDE.sources["mhra-quinine-2010"].kind == \
        "regulator"
    assert len(re.findall(r"pregnan", note.text)) == 1


# Words that give an instruction about one of the notes' medicines. A page may name the
# medicine; it may not tell readers what to do about it in its own words (it shows the note,
# or links to it).
RESTATED = {
    "quinine": (re.compile(r"quinine", re.IGNORECASE),
                re.compile(r"\b(?:stop|do not take|tell your doctor|talk to your doctor)",
                           re.IGNORECASE)),
}


@pytest.mark.parametrize("page", reader_sources())
def test_pages_show_the_note_instead_of_retelling_it(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    start = 0
    for paragraph in re.split(r"\n\s*\n", text):
        number = text.count("\n", 0, text.index(paragraph, start)) + 1
        start = text.index(paragraph, start)
        for note_id, (names, instruction) in RESTATED.items():
            assert not (names.search(paragraph) and instruction.search(paragraph)), (
                f"docs/{page}:{number}: gives its own instruction about {note_id}; show the note "
                f"with <!-- guide:safety-note {note_id} --> or link to #safety-{note_id}")


def test_each_note_in_a_box_has_its_anchor(site):
    soup = BeautifulSoup((site / "medicines.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one("div.mtg-safety")
    ids = [span["id"] for span in box.select("li > span[id]")]
    assert ids == [f"safety-{note.id}" for note in GUIDE.safety_notes]
