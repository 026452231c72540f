"""Turn a hand-written page's Markdown into its published form.

- `{{value-id}}` becomes a number or time frame from the data file (see values.py);
- `<!-- guide:... -->` placeholders become content rendered from the data file;
- `[@source-id]` citations become numbered links, and the page gets a numbered Sources list;
- `[evidence: level]` becomes a labelled badge;
- front matter `updated` / `review_due` and the data file's clinical review become the status line.
Every mistake raises `PageError` naming the page, the line and what is wrong.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote

from . import values as value_syntax
from .markup import admonition, html_text, md_text, relative_link
from .loader import MAX_REVIEW_INTERVAL
from .model import Guide, Source
from .render_flags import red_flag_boxes, when_to_get_help

# The space a writer leaves before `[@id]` is dropped, so the mark sits on the word it supports,
# and so is a line break before it when the line above ends in text (a wrapped sentence):
# otherwise the break shows as a space, and dropping only the next line's indent would move a
# mark at the start of an indented line (in a box) out of the box.
# A line of marks only (the sources of the list above it): no sentence around them, so they
# need 24 px targets of their own (site.css; WCAG 2.5.8).
ALONE = re.compile(r'^[ \t]*(?:<sup class="mtg-cite">.*?</sup>[ \t]*)+$', re.M)
CITATION = re.compile(r"(?:(?<=\S)[ \t]*\n[ \t]*|[ \t]*)(?<!\\)\[@([^\]\s]*)\]")
EVIDENCE = re.compile(r"(?<!\\)\[evidence: ?([^\]]*)\]")
PLACEHOLDER = re.compile(r"<!--\s*guide:([a-z-]+)((?:\s+[a-z-]+)*)\s*-->")
EVIDENCE_LABELS = {
    "good": "Good evidence",
    "some": "Some evidence",
    "little": "Little or no evidence",
    "not-recommended": "Not recommended",
}


class PageError(Exception):
    def __init__(self, page: str, line: int, problem: str):
        super().__init__(f"docs/{page}:{line}: {problem}")


@dataclass(frozen=True)
class PageInfo:
    """What the page parts need to know about a page."""
    src_uri: str
    meta: dict
    markdown: str          # the body, as MkDocs hands it over (front matter removed)
    raw: str = ""          # the whole file, to give error lines as the writer sees them

    def line_at(self, position: int) -> int:
        """File line of a position in `markdown`."""
        front_matter_lines = max(0, len(self.raw.splitlines()) - len(self.markdown.splitlines()))
        return front_matter_lines + self.markdown.count("\n", 0, position) + 1

    def front_matter_line(self, key: str) -> int:
        for number, line in enumerate(self.raw.splitlines(), start=1):
            if line.startswith(f"{key}:"):
                return number
        return 1


def cite(cited: list[str], source_id: str) -> str:
    """The numbered mark for a source, numbering it on first use on the page."""
    if source_id not in cited:
        cited.append(source_id)
    number = cited.index(source_id) + 1
    return f'<sup class="mtg-cite"><a href="#source-{number}">[{number}]</a></sup>'


def expand_values(page: PageInfo, guide: Guide) -> PageInfo:
    """The page with `{{value-id}}` replaced (values are one line, so lines stay right)."""
    def unknown(value_id: str, position: int) -> PageError:
        return PageError(page.src_uri, page.line_at(position),
                         f"unknown value '{{{{{value_id}}}}}'; add it under 'values:' in {guide.file}")

    return dataclasses.replace(page, markdown=value_syntax.expand(page.markdown, guide.values or {},
                                                                  unknown, md_text))


def expand_placeholders(page: PageInfo, markdown: str, guide: Guide, extra: dict,
                        shown_flags: list, cited: list[str]) -> str:
    """Replace `<!-- guide:NAME [options] -->` with rendered content.

    `extra` maps further placeholder names to functions of the page (glossary, quiz...);
    the red flags shown are added to `shown_flags`, so the page cites their sources.
    """
    def replace(match: re.Match) -> str:
        name, options = match.group(1), match.group(2).split()
        if name == "red-flags":
            flags = guide.red_flags if "all" in options else guide.flags_for_page(page.src_uri)
            shown_flags.extend(flags)
            return red_flag_boxes(guide, flags)
        if name == "safety-notes":
            return safety_box(page, match, guide, options, cited)
        if name in extra:
            return extra[name](page, options)
        raise PageError(page.src_uri, page.line_at(page.markdown.find(match.group(0))),
                        f"unknown placeholder 'guide:{name}'")

    return PLACEHOLDER.sub(replace, markdown)


def safety_box(page: PageInfo, match: re.Match, guide: Guide, options: list[str],
               cited: list[str]) -> str:
    """The supplement and medicine cautions (all, or the ids named), each with its sources."""
    known = {note.id for note in guide.safety_notes}
    for option in options:
        if option not in known:
            raise PageError(page.src_uri, page.line_at(page.markdown.find(match.group(0))),
                            f"unknown safety note '{option}'")
    notes = [note for note in guide.safety_notes if not options or note.id in options]
    items = "\n".join(f"- {md_text(note.text)}" + "".join(cite(cited, s) for s in note.sources)
                      for note in notes)
    return admonition("warning mtg-safety", "Safety: supplements and medicines", items)


def places_red_flags(markdown: str) -> bool:
    """Whether the writer placed the red-flag boxes (then no "When to get help" is appended)."""
    return any(match.group(1) == "red-flags" for match in PLACEHOLDER.finditer(markdown))


def number_citations(page: PageInfo, guide: Guide) -> tuple[str, list[str]]:
    """Replace `[@id]` with numbered superscript links; return the cited source ids in order."""
    cited: list[str] = []

    def replace(match: re.Match) -> str:
        source_id = match.group(1)
        if source_id not in guide.sources:
            raise PageError(page.src_uri, page.line_at(match.start(1)),
                            f"unknown source '[@{source_id}]'; add it to 'sources:' in "
                            f"{guide.file}")
        return cite(cited, source_id)

    body = ALONE.sub(lambda m: m.group(0).replace('class="mtg-cite"', 'class="mtg-cite mtg-alone"'),
                     CITATION.sub(replace, page.markdown))
    for source_id in page.meta.get("sources") or []:   # sources of the page as a whole
        if source_id not in guide.sources:
            raise PageError(page.src_uri, page.front_matter_line("sources"),
                            f"front matter 'sources': unknown source '{source_id}'")
        if source_id not in cited:
            cited.append(source_id)
    return body, cited


def label_evidence(page: PageInfo, markdown: str) -> str:
    def replace(match: re.Match) -> str:
        level = match.group(1).strip()
        if level not in EVIDENCE_LABELS:
            raise PageError(page.src_uri, page.line_at(page.markdown.find(match.group(0))),
                            f"unknown evidence level '{level}'; use one of "
                            f"{', '.join(EVIDENCE_LABELS)}")
        return (f'<span class="mtg-evidence mtg-evidence--{level}">'
                f'{EVIDENCE_LABELS[level]}</span>')

    return EVIDENCE.sub(replace, markdown)


def format_source(source: Source) -> str:
    """One bibliography entry as HTML: authors or publisher, title (linked), journal, year."""
    title = html_text(source.title)
    if source.url:
        title = f'<a href="{html_text(source.url)}">{title}</a>'
    parts = [html_text(source.authors or source.publisher or ""), title]
    if source.journal:
        parts.append(f"<i>{html_text(source.journal)}</i>")
    if source.year:
        parts.append(str(source.year))
    return ". ".join(part for part in parts if part) + "."


def sources_section(sources: list[Source]) -> str:
    items = "\n".join(f'<li id="source-{number}">{format_source(source)}</li>'
                      for number, source in enumerate(sources, start=1))
    return f'## Sources {{#sources data-search-exclude}}\n\n<ol class="mtg-sources">\n{items}\n</ol>\n'


def review_dates(page: PageInfo, today: dt.date) -> tuple[dt.date, dt.date]:
    """Check and return the page's `updated` and `review_due` front-matter dates."""
    dates = {}
    for key in ("updated", "review_due"):
        value = page.meta.get(key)
        if not isinstance(value, dt.date):
            raise PageError(page.src_uri, page.front_matter_line(key),
                            f"front matter '{key}' must be a date like 2026-11-26, "
                            f"not {value!r}")
        dates[key] = value
    updated, due = dates["updated"], dates["review_due"]
    if updated > today:
        raise PageError(page.src_uri, page.front_matter_line("updated"),
                        f"front matter 'updated' ({updated}) is in the future")
    if not updated < due <= updated + MAX_REVIEW_INTERVAL:
        raise PageError(page.src_uri, page.front_matter_line("review_due"),
                        f"front matter 'review_due' ({due}) must fall after 'updated' and at "
                        "most 3 years later")
    return updated, due


def review_footer(page: str, guide: Guide, updated: dt.date, due: dt.date,
                  today: dt.date, report_url: str | None = None) -> str:
    """The honest status line: when writers last checked the page against its sources, when
    that is due again (or overdue), and whether a clinician has reviewed the rules."""
    about = relative_link(page, "about/editorial-policy.md")
    due_text = (f"**Review overdue** (it was due on {_long_date(due)})." if due < today
                else f"**Next review due:** {_long_date(due)}.")
    return (
        '<div class="mtg-review" markdown>\n\n'
        f"**Last updated:** {_long_date(updated)}. {due_text} "
        f"{html_text(clinical_status(guide))}\n\n"
        "This page gives general information. It is not medical advice and cannot diagnose "
        f"you. [How we write and check our pages]({about}). {report_link(page, report_url)}\n\n"
        "</div>\n"
    )


def clinical_status(guide: Guide) -> str:
    review = guide.clinical_review
    if review is None:
        return "Not yet reviewed by a clinician."
    return (f"Clinical rules reviewed by {review.name}, {review.role} ({review.registration}), "
            f"on {_long_date(review.date)}: {review.scope}.")


def report_link(page: str, report_url: str | None) -> str:
    """"Report a problem with this page": a plain link to the project's issue form, with the
    page named in the title (set once as `extra.report_url` in mkdocs.yml; no script)."""
    if not report_url:
        return ""
    href = f"{report_url}?title={quote(f'Problem with page: {page}')}"
    return f'<a class="mtg-report" href="{html_text(href)}">Report a problem with this page</a>.'


def _long_date(date: dt.date) -> str:
    return f"{date.day} {date.strftime('%B %Y')}"


def publish(page: PageInfo, guide: Guide, today: dt.date, extra: dict | None = None,
            report_url: str | None = None) -> str:
    """The whole transformation of one hand-written page."""
    updated, due = review_dates(page, today)
    page = expand_values(page, guide)
    markdown, cited = number_citations(page, guide)
    markdown = label_evidence(page, markdown)
    shown_flags: list = []
    markdown = expand_placeholders(page, markdown, guide, extra or {}, shown_flags, cited)
    if not cited and page.meta.get("kind") != "reference":
        raise PageError(page.src_uri, page.line_at(0),
                        "cites no source; add [@source-id] citations")
    parts = [markdown.rstrip() + "\n"]
    if not places_red_flags(page.markdown):
        parts.append(when_to_get_help(guide, page.src_uri))
        shown_flags.extend(guide.flags_for_page(page.src_uri))
    for flag in shown_flags:                       # the boxes cite their own sources too
        cited.extend(source for source in flag.sources if source not in cited)
    parts.append(sources_section([guide.sources[source_id] for source_id in cited]))
    parts.append(review_footer(page.src_uri, guide, updated, due, today, report_url))
    return "\n".join(parts)
