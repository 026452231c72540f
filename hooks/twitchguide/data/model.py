"""The validated, in-memory form of the clinical-rules data file.

Everything here is immutable and already checked by `loader.load`; renderers can trust it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Lowest to highest. Index = rank, so max() over ranks gives the most urgent tier.
TIER_IDS = ("self-care", "routine", "soon", "urgent", "emergency")
# Question stages: the tier whose signs a question asks about, or "about" for the question that
# asks who the checker is for (it comes before any sign).
STAGES = ("about",) + TIER_IDS
QUESTION_KINDS = ("signs", "route", "pattern")
# Whom a route's pages speak to. Adults and pregnant readers read "you"; a parent reads about
# "your child" or "your baby", so signs shown on those routes need words written for them.
VOICES = {"child": "child", "baby": "baby"}
ADULT_VOICE = "you"


def voice_of(route: str | None) -> str:
    return VOICES.get(route or "", ADULT_VOICE)
# The order in which pages show tiers and the checker asks about them: most urgent first.
TIERS_MOST_URGENT_FIRST = tuple(reversed(TIER_IDS))
# The tiers of the danger gate, and the question stages that belong to it.
GATE_TIERS = ("emergency", "urgent")
GATE_STAGES = ("about",) + GATE_TIERS
SOURCE_KINDS = ("guideline", "government", "systematic-review", "review", "cohort", "trial",
                "textbook", "consensus", "regulator")
QUIZ_KINDS = ("single", "multiple", "true-false")


def tier_rank(tier: str) -> int:
    return TIER_IDS.index(tier)


@dataclass(frozen=True)
class Tier:
    id: str
    label: str        # one word or two, shown before every box title: "Emergency"
    heading: str      # box title: "call your local emergency number now if"
    action: str       # what to do, said once under the list
    when: str         # the time frame in words: "now", "today", "within a few days"...


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    kind: str
    year: int | None = None
    publisher: str | None = None
    authors: str | None = None
    journal: str | None = None
    url: str | None = None
    seen: str | None = None       # where the claim was checked; for reviewers, not shown on pages


@dataclass(frozen=True)
class Value:
    """A number or time frame that pages, checker and quiz all state: written once, here.

    Pages and data text write `{{id}}` and get `text`, so no two places can disagree."""
    id: str
    text: str                     # as a reader sees it: "2 weeks", "400 mg a day"
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SafetyNote:
    """A caution about a supplement or medicine, shown in the safety box of `topics` pages."""
    id: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ClinicalReview:
    """A clinician's recorded sign-off of the rules. Never invented: absent until it happens."""
    name: str
    role: str
    registration: str
    date: "dt.date"
    scope: str                    # what was reviewed


@dataclass(frozen=True)
class PageRef:
    """A link from the data to a page section, e.g. `types/fasciculations.md#outlook`."""
    page: str
    anchor: str | None
    field: str         # where it stands in the data file, for error messages
    line: int

    def __str__(self) -> str:
        return f"{self.page}#{self.anchor}" if self.anchor else self.page


@dataclass(frozen=True)
class RedFlag:
    id: str
    tier: str
    text: str
    topics: tuple[PageRef, ...]   # pages that show this flag; empty means every page
    sources: tuple[str, ...]
    routes: tuple[str, ...] = ()  # readers it applies to (checker routes); empty means everyone
    line: int = 0
    voices: tuple = ()            # ((voice, text), ...): the sign in a parent's words
    said_by: tuple = ()           # ((voice, line), ...), for error messages
    contact: str | None = None    # the outcome whose title and action boxes use for this sign
    contact_line: int = 0
    routes_line: int = 0          # where `routes` is, for error messages

    def applies_to(self, route: str | None) -> bool:
        return not self.routes or route is None or route in self.routes

    def text_for(self, route: str | None) -> str | None:
        """The sign as a reader on this route reads it, or None if it has no words for them:
        `text` speaks to "you"; `child:` and `baby:` say the same to a parent. A sign limited to
        one parent's route is written for that parent in `text`."""
        voice = voice_of(route)
        if voice == ADULT_VOICE:
            return self.text
        own = dict(self.voices).get(voice)
        if own:
            return own
        if self.routes and all(voice_of(r) == voice for r in self.routes):
            return self.text
        return None

    @property
    def is_general(self) -> bool:
        return not self.topics


@dataclass(frozen=True)
class Answer:
    label: str
    next: str                     # a question or outcome id
    reports: tuple[str, ...]      # red flags the reader says yes to by choosing this answer
    none: bool = False            # the question's one "No, none of these" answer
    other: bool = False           # a pattern question's "Something else, or I am not sure"
    unsure: bool = False          # a question of signs' "I am not sure": reports every sign
    route: str | None = None      # on a route question: who the rest of the path is about
    field: str = ""               # where it stands in the data file, for error messages
    line: int = 0


@dataclass(frozen=True)
class Question:
    id: str
    stage: str                    # the tier whose signs this question asks about
    text: str
    signs: tuple[str, ...]        # red flags listed under the question
    answers: tuple[Answer, ...]
    hint: str | None = None
    kind: str = "signs"           # signs | route (who is it for?) | pattern (what is it like?)
    field: str = ""
    line: int = 0


@dataclass(frozen=True)
class Outcome:
    id: str
    tier: str
    title: str
    summary: str
    do_now: tuple[str, ...]
    watch_for: tuple[str, ...]    # red flag ids, so the signs read the same as everywhere else
    read_next: tuple[PageRef, ...]
    sources: tuple[str, ...]
    routes: tuple[str, ...] = ()  # readers it is written for; empty means everyone
    field: str = ""
    line: int = 0
    action: str | None = None     # replaces the tier's action in the result box (same urgency)


@dataclass(frozen=True)
class Checker:
    start: str
    stage_titles: dict            # stage id -> plain title of that stage of questions
    routes: dict                  # route id -> who it is for, in words ("an adult", "a baby")
    questions: dict               # id -> Question, in file order
    outcomes: dict                # id -> Outcome, in file order


@dataclass(frozen=True)
class QuizOption:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QuizItem:
    id: str
    kind: str
    question: str
    options: tuple[QuizOption, ...]
    explanation: str
    read_more: PageRef
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    file: str
    version: int
    updated: "dt.date"            # last checked against the sources (checker and quiz pages)
    review_due: "dt.date"
    tiers: dict                   # tier id -> Tier
    sources: dict                 # id -> Source
    red_flags: tuple[RedFlag, ...]
    checker: Checker
    quiz: tuple[QuizItem, ...]
    values: dict = None           # id -> Value
    safety_notes: tuple = ()      # SafetyNote, in file order
    clinical_review: "ClinicalReview | None" = None

    def flag(self, flag_id: str) -> RedFlag:
        return next(flag for flag in self.red_flags if flag.id == flag_id)

    def gate_flags(self, route: str | None) -> tuple[RedFlag, ...]:
        """The danger gate of a route: the signs that mean "now" or "today" whatever the cause.
        They are the emergency and urgent signs that apply to every page (no `topics`), and
        those written for this route (its id in `routes`). The checker asks all of them before
        any twitch-specific question and before any result slower than "today"."""
        return tuple(flag for flag in self.red_flags
                     if flag.tier in GATE_TIERS and flag.applies_to(route)
                     and (flag.is_general or (route is not None and route in flag.routes)))

    def flags_for_page(self, page: str) -> tuple[RedFlag, ...]:
        """The flags a page shows: the general ones and those whose topics name it."""
        return tuple(flag for flag in self.red_flags
                     if not flag.topics or any(ref.page == page for ref in flag.topics))

    def page_refs(self) -> list[PageRef]:
        """Every link from the data into the site's pages, for the build to check."""
        refs = [ref for flag in self.red_flags for ref in flag.topics]
        refs += [ref for outcome in self.checker.outcomes.values() for ref in outcome.read_next]
        refs += [item.read_more for item in self.quiz]
        return refs
