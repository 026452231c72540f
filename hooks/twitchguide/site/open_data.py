"""The validated clinical rules as open data: one JSON file with a documented, versioned shape.

The shape is described in docs/open-data/index.md (tests/test_open_data.py holds the page to
the file). Bump SCHEMA_VERSION on any change that could break a reader of the file; adding a
field is not such a change. Version 2 (December 2026): the `soon` tier, and no internal `field`
and `line` keys (they were the data file's error locations, not data).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

from ..data.model import TIERS_MOST_URGENT_FIRST, Guide

SCHEMA_VERSION = 2
# Where a record came from in the data file: for error messages, never exported.
INTERNAL = ("field", "line")
EXPORT_URI = "open-data/clinical-rules.json"
SCENARIOS_URI = "open-data/triage-scenarios.json"


def export(guide: Guide) -> dict:
    checker = guide.checker
    return {
        "schema_version": SCHEMA_VERSION,
        "name": "Muscle Twitch Guide clinical rules",
        "updated": guide.updated.isoformat(),
        "clinical_review": _fields(guide.clinical_review) if guide.clinical_review else None,
        "values": [_fields(value) for value in (guide.values or {}).values()],
        "safety_notes": [_fields(note) for note in guide.safety_notes],
        "review_due": guide.review_due.isoformat(),
        "tiers": [{"id": tier, **_fields(guide.tiers[tier], drop=("id",))}
                  for tier in TIERS_MOST_URGENT_FIRST],
        # A sign's words for a parent are exported by route voice ({"child": ..., "baby": ...});
        # the lines they came from are for error messages only.
        "red_flags": [{**_fields(flag, drop=("topics", "voices", "said_by", "contact_line",
                                             "routes_line")),
                       "topics": [str(ref) for ref in flag.topics],
                       "parent_words": dict(flag.voices)} for flag in guide.red_flags],
        "checker": {
            "start": checker.start,
            "routes": checker.routes,
            "questions": [{**_fields(question, drop=("answers",)),
                           "answers": [_fields(answer) for answer in question.answers]}
                          for question in checker.questions.values()],
            "outcomes": [{**_fields(outcome, drop=("read_next",)),
                          "read_next": [str(ref) for ref in outcome.read_next]}
                         for outcome in checker.outcomes.values()],
        },
        "quiz": [{**_fields(item, drop=("options", "read_more")),
                  "options": [_fields(option) for option in item.options],
                  "read_more": str(item.read_more)} for item in guide.quiz],
        "sources": [_fields(source) for source in guide.sources.values()],
    }


def _fields(record, drop=()) -> dict:
    return {field.name: _plain(getattr(record, field.name))
            for field in dataclasses.fields(record)
            if field.name not in drop and field.name not in INTERNAL}


def _plain(value):
    """A value as JSON has it: tuples as lists, dates as YYYY-MM-DD (a clinical review's date
    once crashed every build: review M1)."""
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def export_json(guide: Guide) -> str:
    return json.dumps(export(guide), ensure_ascii=False, indent=2) + "\n"


def scenarios_json(guide: Guide, stories) -> str:
    """The patient-story corpus, each story with the result today's checker gives it, so
    anyone can audit the checker (see scenarios.py for how a story is answered)."""
    from ..data.scenarios import result
    rows = [{**_fields(story), **result(guide, story)} for story in stories]
    return json.dumps({"schema_version": SCHEMA_VERSION, "scenarios": rows},
                      ensure_ascii=False, indent=2) + "\n"
