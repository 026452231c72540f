"""The quiz page: static questions and answers for no-JS and print, plus embedded data for quiz.js.

The data is embedded in the page (never fetched), so the quiz works from `file://`.
"""
from __future__ import annotations

import hashlib
import json

from ..data.model import Guide, QuizItem
from .markup import admonition, built_path, md_text, relative_link

QUIZ_PAGE = "quiz/index.md"
# The quiz's stylesheet and script, kept beside its page in docs/quiz/ and inlined into it by
# quiz_block: the build does not ship them as files of their own.
INLINED_ASSETS = ("quiz/quiz.css", "quiz/quiz.js")
KIND_HINTS = {
    "single": "Choose one answer.",
    "multiple": "Choose all the answers that are right.",
    "true-false": "True or false?",
}


def anchor(item: QuizItem) -> str:
    return f"q-{item.id}"


def quiz_key(items: list[dict]) -> str:
    """A short hash of what saved progress refers to: the questions and their options, in order.

    quiz.js keeps a reader's answers as option positions under a storage key that ends with
    this hash. Reorder, add or reword an option (or a question) and the key changes, so old
    answers are never shown against different options; a change to feedback, explanations or
    links keeps the key, and the reader's progress."""
    answered = [{"id": item["id"], "kind": item["kind"], "question": item["question"],
                 "options": [[option["text"], option["correct"]] for option in item["options"]]}
                for item in items]
    canonical = json.dumps(answered, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def quiz_data(guide: Guide, titles: dict) -> dict:
    """What quiz.js needs. Text stays plain: the script inserts it as text, never as HTML."""
    items = [
        {
            "id": item.id,
            "kind": item.kind,
            "hint": KIND_HINTS[item.kind],
            "question": item.question,
            "options": [{"text": option.text, "correct": option.correct,
                         "feedback": option.feedback} for option in item.options],
            "explanation": item.explanation,
            "readMore": {"href": built_path(relative_link(QUIZ_PAGE, str(item.read_more))),
                         "title": titles.get(item.read_more.page, item.read_more.page)},
        }
        for item in guide.quiz
    ]
    return {"key": quiz_key(items), "items": items}


def embedded_json(data: dict) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def static_question(item: QuizItem, number: int, titles: dict) -> str:
    options = "\n".join(f"- {md_text(option.text)}" for option in item.options)
    correct = [option for option in item.options if option.correct]
    answer_lines = "\n".join(f"- **{md_text(option.text)}**: {md_text(option.feedback)}"
                             for option in correct)
    read_more = (f"Read more: [{md_text(titles.get(item.read_more.page, item.read_more.page))}]"
                 f"({relative_link(QUIZ_PAGE, str(item.read_more))})")
    body = (f"{'Right answers' if len(correct) > 1 else 'Right answer'}:\n\n{answer_lines}\n\n"
            f"{md_text(item.explanation)}\n\n{read_more}")
    return (f"### {number}. {md_text(item.question)} {{#{anchor(item)}}}\n\n"
            f"{KIND_HINTS[item.kind]}\n\n{options}\n\n"
            + admonition("answer", "Show the answer", body).replace("!!!", "???", 1))


def _inline(code: str) -> str:
    """Code placed in a raw HTML block: blank lines would end the block, so drop them."""
    return "\n".join(line for line in code.splitlines() if line.strip())


def quiz_block(guide: Guide, titles: dict, css: str, js: str) -> str:
    """Replaces `<!-- guide:quiz -->` on the quiz page.

    quiz.css and quiz.js (INLINED_ASSETS) are inlined: two fewer requests on a slow connection.
    The app's box is not `hidden`, so its space is reserved before the script runs (no layout
    shift); without JavaScript, the <noscript> style hides it.
    """
    questions = "\n".join(static_question(item, number, titles)
                          for number, item in enumerate(guide.quiz, start=1))
    return (
        f"<style>\n{_inline(css)}\n</style>\n"
        "<noscript><style>.mtg-quiz { display: none; }</style></noscript>\n"
        '<div id="mtg-quiz" class="mtg-quiz"></div>\n\n'
        f'<script type="application/json" id="mtg-quiz-data">{embedded_json(quiz_data(guide, titles))}</script>\n\n'
        f"<script>\n{_inline(js)}\n</script>\n\n"
        "## All questions with answers {#all-questions}\n\n"
        '<div class="mtg-quiz-static" markdown>\n\n'
        f"{questions}\n"
        "</div>\n"
    )


def quiz_sources(guide: Guide) -> list[str]:
    return list(dict.fromkeys(source for item in guide.quiz for source in item.sources))
