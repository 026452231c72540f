"""Issue 22 (review M1, M2, M12, L4): the open data is what its page says, a clinical review can
be recorded, and the build itself refuses an under-triaged patient story."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from sitekit import DATA_FILE, DOCS, SCENARIO_FILE, load_guide
from twitchguide.data import scenarios
from twitchguide.site import open_data
from twitchguide.data.loader import load
from twitchguide.data.model import TIER_IDS
from twitchguide.data.yaml_source import DataError

GUIDE = load_guide()
PAGE = DOCS / "open-data" / "index.md"
REVIEW = ("clinical_review:\n  name: A. Clinician\n  role: General practitioner\n"
          "  registration: GMC 1234567\n  date: {date}\n  scope: the checker's rules\n")

# The shape of schema_version 2: {path: keys}. A key removed or renamed here breaks programs
# that read the file: bump open_data.SCHEMA_VERSION, then update this and the open-data page.
# New keys are allowed (the page says so) but must be documented there.
SHAPE_V2 = {
    "": {"schema_version", "name", "updated", "clinical_review", "values", "safety_notes",
         "review_due", "tiers", "red_flags", "checker", "quiz", "sources"},
    "tiers": {"id", "label", "heading", "when", "action"},
    "red_flags": {"id", "tier", "text", "routes", "parent_words", "topics", "sources"},
    "checker": {"start", "routes", "questions", "outcomes"},
    "checker.questions": {"id", "stage", "kind", "text", "hint", "signs", "answers"},
    "checker.questions.answers": {"label", "next", "reports", "none", "unsure", "other", "route"},
    "checker.outcomes": {"id", "tier", "title", "summary", "action", "do_now", "watch_for",
                         "read_next", "routes", "sources"},
    "quiz": {"id", "kind", "question", "options", "explanation", "read_more", "sources"},
    "quiz.options": {"text", "correct", "feedback"},
    "sources": {"id", "title", "kind", "year", "publisher", "authors", "journal", "url", "seen"},
    "values": {"id", "text", "sources"},
    "safety_notes": {"id", "text", "sources"},
    "clinical_review": {"name", "role", "registration", "date", "scope"},
}


def _shape(node, path: str = "", shape: dict | None = None) -> dict[str, set]:
    shape = {} if shape is None else shape
    records = node if isinstance(node, list) else [node]
    for record in records:
        if isinstance(record, dict):
            shape.setdefault(path, set()).update(record)
            for key, value in record.items():
                if isinstance(value, (dict, list)) and key != "parent_words":
                    _shape(value, f"{path}.{key}".lstrip("."), shape)
    return shape


def _with_review(tmp_path: Path, date: str) -> Path:
    text = DATA_FILE.read_text(encoding="utf-8")
    path = tmp_path / "clinical-rules.yml"
    path.write_text(text.replace("\ntiers:", "\n" + REVIEW.format(date=date) + "tiers:", 1), "utf-8")
    return path


def test_the_export_keeps_the_shape_of_its_schema_version():
    assert open_data.SCHEMA_VERSION == 2
    shape = _shape(open_data.export(GUIDE))
    for path, keys in SHAPE_V2.items():
        if path in shape:
            missing = keys - shape[path]
            assert not missing, f"{path}: {missing} gone: bump schema_version ({path})"
    assert not any({"field", "line"} & keys for keys in shape.values()), "internal keys exported"


def test_the_open_data_page_documents_every_exported_field():
    """The page once listed four tiers and a `reviewed` field that did not exist (review M12)."""
    text = PAGE.read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `([a-z_.]+)`[^|]*\|(.*)\|$", text, re.M)}
    table = "\n".join(line for line in text.splitlines() if line.startswith("| "))
    assert f"| `schema_version` | `{open_data.SCHEMA_VERSION}`" in table
    shape = _shape(open_data.export(GUIDE))
    shape["clinical_review"] = SHAPE_V2["clinical_review"]      # null until a review is recorded
    for key in shape[""]:
        assert f"`{key}`" in table, f"top-level `{key}` is not in the table"
    for path, keys in shape.items():
        if not path:
            continue
        parts = path.split(".")
        prefixes = [".".join(parts[:n]) for n in range(len(parts), 0, -1)]
        row = next((rows[name] for name in prefixes if name in rows), None)
        assert row is not None, f"no row for `{path}`"
        for key in keys:
            assert f"`{key}`" in row, f"`{path}.{key}` is exported but not documented"
    for tier in TIER_IDS:
        assert f"`{tier}`" in rows["tiers"]
    assert "`reviewed`" not in table


def test_the_stories_file_has_the_same_schema_version(site):
    data = json.loads((site / open_data.SCENARIOS_URI).read_text(encoding="utf-8"))
    assert data["schema_version"] == open_data.SCHEMA_VERSION
    assert all("line" not in row and "field" not in row for row in data["scenarios"])


def test_a_clinical_review_can_be_recorded_and_is_exported(tmp_path):
    """Any `clinical_review:` crashed the build (a date is not JSON) before issue 22."""
    guide = load(_with_review(tmp_path, GUIDE.updated.isoformat()), "clinical-rules.yml")
    exported = json.loads(open_data.export_json(guide))["clinical_review"]
    assert exported["date"] == GUIDE.updated.isoformat() and exported["name"] == "A. Clinician"


@pytest.mark.parametrize("date, says", [
    ("2019-01-01", "is before the rules' 'updated'"),
    ((dt.date.today() + dt.timedelta(days=2)).isoformat(), "is in the future"),
])
def test_a_review_older_than_the_rules_or_in_the_future_is_refused(tmp_path, date, says):
    with pytest.raises(DataError, match=r"clinical-rules.yml:\d+: clinical_review.date: .*" + says):
        load(_with_review(tmp_path, date), "clinical-rules.yml")


def test_an_under_triaged_story_stops_the_load(tmp_path):
    """Review M2: only `make test` noticed; `mkdocs build` and the zip published it."""
    text = SCENARIO_FILE.read_text(encoding="utf-8")
    old = "    pattern: small muscle ripples\n    accept: [self-care]\n"
    assert old in text
    path = tmp_path / "stories.yml"
    path.write_text(text.replace(old, "    pattern: small muscle ripples\n    accept: [soon]\n"), "utf-8")
    with pytest.raises(DataError, match=r"stories.yml:\d+: scenarios\[\d+\].accept: story "
                                        r"'calf-twitch-after-run' is under-triaged"):
        scenarios.load(path, GUIDE, "stories.yml")


def test_a_story_on_a_route_the_checker_does_not_offer_is_one_located_line(tmp_path):
    """Review L4: this was a StopIteration traceback from scenarios._choose."""
    from dataclasses import replace
    routes = {**GUIDE.checker.routes, "teen": "a teenager"}
    guide = replace(GUIDE, checker=replace(GUIDE.checker, routes=routes))
    text = SCENARIO_FILE.read_text(encoding="utf-8")
    path = tmp_path / "stories.yml"
    path.write_text(text.replace("    route: adult\n", "    route: teen\n", 1), "utf-8")
    with pytest.raises(DataError, match=r"stories.yml:\d+: scenarios\[\d+\].route: 'teen' is a "
                                        "route no answer"):
        scenarios.load(path, guide, "stories.yml")


@pytest.mark.parametrize("seen", ["Haven't read this one yet, to be checked (tbc).",
                                  "Read: nothing yet, tbc.", "Read: todo", "It says what we say."])
def test_a_seen_note_that_records_no_reading_is_refused(tmp_path, seen):
    """Review L8: a word list that knew only 'TBC' in capitals let the first one through."""
    text = DATA_FILE.read_text(encoding="utf-8")
    old = "    seen: 'Read: stored nice.org.uk/guidance/ng143"
    assert old in text
    line = text[:text.index(old)].count("\n") + 1
    path = tmp_path / "clinical-rules.yml"
    lines = text.splitlines()
    lines[line - 1] = f"    seen: {json.dumps(seen)}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"clinical-rules.yml:{line}: sources.nice-ng143.seen: "):
        load(path, "clinical-rules.yml")
