"""Turn a hand-written page's Markdown into its published form.

- `{{value-id}}` becomes a number or time frame from the data file (see data/placeholders.py);
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
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from ..data import placeholders
from ..data.loader import MAX_REVIEW_INTERVAL
from ..data.model import Guide, Source
from . import time_frames
from .markup import admonition, html_text, md_text, relative_link
from .tier_boxes import red_flag_boxes, when_to_get_help

# The space a writer leaves before `[@id]` is dropped, so the mark sits on the word it supports.
# Only a space after other text: a line's indent is what keeps it inside an admonition or a list
# item (eating it once pushed half of every "In short" box out of the box).
CITATION = re.compile(r"(?:(?<=\S)[ \t]+)?(?<!\\)\[@([^\]\s]*)\]")
# Marks that begin a line, with the punctuation after them, belong to the last word of the line
# before (a line break shows as a space): `weeks\n    [@a] [@b]. More` becomes
# `weeks[@a][@b].\n    More`, the indent kept for the rest of the line.
LEADING_MARKS = re.compile(r"(?<=\S)[ \t]*\n([ \t]*)((?:(?<!\\)\[@[^\]\s]*\][ \t]*)+)"
                           r"([.,;:!?)]*)[ \t]*(\n|$)?")
EVIDENCE = re.compile(r"(?<!\\)\[evidence: ?([^\]]*)\]")
PLACEHOLDER = re.compile(r"<!--\s*guide:([a-z-]+)((?:\s+[a-z0-9]+(?:-[a-z0-9]+)*)*)\s*-->")
# Every HTML comment in a page: a comment would otherwise ship in the page's HTML unseen, and a
# misspelt marker (`<!-- guid:red-flags -->`, `<!-- guide:safety_notes -->`) would drop its box.
COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.S)
# The one registry of markers a writer may put in a page: name -> what its options are.
# "none": no options; "one": exactly one id; "ids": any number of ids (checked by the marker);
# "all": nothing, or the word `all`. The hook supplies the ones rendered from files it reads.
MARKERS = {
    "red-flags": "all",            # the red-flag boxes of this page (or `all` of them)
    "safety-notes": "ids",         # the safety box: every note, or the note ids named
    "safety-note": "one",          # one safety note's words, in a sentence
    "figure": "one",               # a figure from docs/assets/figures (its file name)
    "glossary": "none",            # the glossary list (glossary page)
    "quiz": "none",                # the quiz (quiz page)
    "clinician-links": "none",     # the link lists (clinicians page)
    "clinician-aliases": "none",   # the short links (clinicians page)
}
# Comments that are not markers but are part of the site: the offline plugin's zip size.
PLAIN_COMMENTS = {"zip-size", "/zip-size"}
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

    def malformed(message: str, position: int) -> PageError:
        return PageError(page.src_uri, page.line_at(position), message)

    return dataclasses.replace(page, markdown=placeholders.expand(page.markdown, guide.values or {},
                                                                  unknown, md_text, malformed))


# Front-matter fields a reader sees (the tab title, the heading bar, the nav, search results and
# the description meta tag). Material writes them into HTML as they are, so they are expanded
# and then HTML-escaped here.
SHOWN_META = ("title", "description")


def front_matter_text(page: PageInfo, guide: Guide, key: str) -> str | None:
    """A front-matter title or description with its `{{value-id}}`s expanded, as plain text
    (None if the page has none). A malformed or unknown placeholder stops the build here too."""
    text = page.meta.get(key)
    if text is None:
        return None
    line = page.front_matter_line(key)
    if not isinstance(text, str):
        raise PageError(page.src_uri, line, f"front matter '{key}' must be text, not {text!r}")

    def unknown(value_id: str, _position: int) -> PageError:
        return PageError(page.src_uri, line, f"front matter '{key}': unknown value "
                         f"'{{{{{value_id}}}}}'; add it under 'values:' in {guide.file}")

    def malformed(message: str, _position: int) -> PageError:
        return PageError(page.src_uri, line, f"front matter '{key}': {message}")

    return " ".join(placeholders.expand(text, guide.values or {}, unknown,
                                        malformed=malformed).split())


def shown_meta(page: PageInfo, guide: Guide) -> dict:
    """The page's title and description as the templates must get them: values expanded, then
    `"`, `<`, `>` and `&` escaped (a quote in a description no longer ends the meta tag)."""
    return {key: html_text(text) for key in SHOWN_META
            if (text := front_matter_text(page, guide, key)) is not None}


def expand_when(page: PageInfo, guide: Guide) -> PageInfo:
    """The page with `{{when:flag-id}}` replaced by the time frame of that flag's tier."""
    def unknown(flag_id: str, position: int) -> PageError:
        return PageError(page.src_uri, page.line_at(position),
                         f"unknown red flag '{{{{when:{flag_id}}}}}'; use an id from "
                         f"'red_flags:' in {guide.file}")

    return dataclasses.replace(page, markdown=time_frames.expand_when(page.markdown, guide,
                                                                      unknown))


def check_time_frames(page: PageInfo, guide: Guide, frames) -> None:
    """Stop on the first sentence whose time frame disagrees with its red flag's tier."""
    found = time_frames.problems(page.markdown, frames, guide, page.line_at(0))
    if found:
        more = (f" ({len(found) - 1} more on this page; `make check` lists them all)"
                if len(found) > 1 else "")
        raise PageError(page.src_uri, found[0].line, found[0].message + more)


def check_markers(page: PageInfo) -> None:
    """Every HTML comment in the page is a marker from MARKERS, spelt exactly and with the
    options it takes, or one of PLAIN_COMMENTS; anything else stops the build at its line."""
    usage = "see the marker list in CONTRIBUTING.md"
    for match in COMMENT.finditer(page.markdown):
        line = page.line_at(match.start())
        text = " ".join(match.group(1).split())
        if not match.group(0).endswith("-->"):
            raise PageError(page.src_uri, line, "an HTML comment is never closed with '-->'")
        if text in PLAIN_COMMENTS:
            continue
        strict = PLACEHOLDER.fullmatch(match.group(0))
        if strict is None:
            raise PageError(page.src_uri, line,
                            f"'{short_comment(match.group(0))}' is not a marker: write "
                            f"<!-- guide:NAME options -->, with NAME one of "
                            f"{', '.join(MARKERS)} and lowercase ids ({usage}); other HTML "
                            "comments would be published, so pages have none")
        name, options = strict.group(1), strict.group(2).split()
        takes = MARKERS.get(name)
        if takes is None:
            raise PageError(page.src_uri, line, f"unknown marker 'guide:{name}'; the markers "
                            f"are {', '.join(MARKERS)}")
        wrong = ((takes == "none" and options) or (takes == "one" and len(options) != 1)
                 or (takes == "all" and options not in ([], ["all"])))
        if wrong:
            wants = {"none": "takes no options", "one": "names exactly one id",
                     "all": "takes nothing or 'all'"}[takes]
            raise PageError(page.src_uri, line, f"'guide:{name}' {wants}, not "
                            f"'{' '.join(options)}'")


def short_comment(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


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
        if name == "safety-note":
            return safety_note_inline(page, match, guide, options, cited)
        if name in extra:
            return extra[name](page, options)
        raise PageError(page.src_uri, page.line_at(page.markdown.find(match.group(0))),
                        f"unknown placeholder 'guide:{name}'")

    return PLACEHOLDER.sub(replace, markdown)


def _named_notes(page: PageInfo, match: re.Match, guide: Guide, options: list[str]) -> list:
    known = {note.id for note in guide.safety_notes}
    for option in options:
        if option not in known:
            raise PageError(page.src_uri, page.line_at(page.markdown.find(match.group(0))),
                            f"unknown safety note '{option}'; the notes are under "
                            f"'safety_notes:' in {guide.file}")
    return [note for note in guide.safety_notes if not options or note.id in options]


def _note_text(note, cited: list[str]) -> str:
    return md_text(note.text) + "".join(cite(cited, source) for source in note.sources)


def safety_box(page: PageInfo, match: re.Match, guide: Guide, options: list[str],
               cited: list[str]) -> str:
    """The supplement and medicine cautions (all, or the ids named), each with its sources.
    Each note has the anchor `#safety-<id>`, so a page's text links to it instead of saying
    the advice again in other words."""
    notes = _named_notes(page, match, guide, options)
    items = "\n".join(f'- <span id="safety-{note.id}"></span>{_note_text(note, cited)}'
                      for note in notes)
    return admonition("warning mtg-safety", "Safety: supplements and medicines", items)


def safety_note_inline(page: PageInfo, match: re.Match, guide: Guide, options: list[str],
                       cited: list[str]) -> str:
    """`<!-- guide:safety-note ID -->`: one note's words, where a page talks about that
    medicine and shows no safety box (the note's text, never a page's retelling of it)."""
    if len(options) != 1:
        raise PageError(page.src_uri, page.line_at(page.markdown.find(match.group(0))),
                        "'guide:safety-note' names exactly one note, e.g. "
                        "<!-- guide:safety-note quinine -->")
    return _note_text(_named_notes(page, match, guide, options)[0], cited)


def places_red_flags(markdown: str) -> bool:
    """Whether the writer placed the red-flag boxes (then no "When to get help" is appended)."""
    return any(match.group(1) == "red-flags" for match in PLACEHOLDER.finditer(markdown))


def number_citations(page: PageInfo, guide: Guide) -> tuple[str, list[str]]:
    """Replace `[@id]` with numbered superscript links; return the cited source ids in order."""
    cited: list[str] = []
    for match in CITATION.finditer(page.markdown):       # checked where the writer wrote them
        source_id = match.group(1)
        if source_id not in guide.sources:
            raise PageError(page.src_uri, page.line_at(match.start(1)),
                            f"unknown source '[@{source_id}]'; add it to 'sources:' in "
                            f"{guide.file}")
        if _starts_paragraph(page.markdown, match.start()):
            raise PageError(page.src_uri, page.line_at(match.start()),
                            f"'[@{source_id}]' starts a paragraph, so it would show as a stray "
                            "mark; put it straight after the words it supports")
    body = LEADING_MARKS.sub(_attach_marks, page.markdown)
    body = CITATION.sub(lambda match: cite(cited, match.group(1)), body)
    for source_id in page.meta.get("sources") or []:   # sources of the page as a whole
        if source_id not in guide.sources:
            raise PageError(page.src_uri, page.front_matter_line("sources"),
                            f"front matter 'sources': unknown source '{source_id}'")
        if source_id not in cited:
            cited.append(source_id)
    return body, cited


def _starts_paragraph(markdown: str, position: int) -> bool:
    """Whether a mark at `position` is the first thing in its paragraph (nothing before it on
    its line, and a blank line or the start of the page before that)."""
    line_start = markdown.rfind("\n", 0, position) + 1
    if markdown[line_start:position].strip():
        return False
    previous_line = markdown[:max(line_start - 1, 0)].rpartition("\n")[2]
    return line_start == 0 or not previous_line.strip()


def _attach_marks(match: re.Match) -> str:
    indent, marks, punctuation, line_end = match.groups()
    marks = re.sub(r"[ \t]+", "", marks)
    if line_end is not None:                  # nothing else on the line: it goes entirely
        return marks + punctuation + line_end
    return marks + punctuation + "\n" + indent


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


def sources_section(sources: list[Source], marked: int | None = None) -> str:
    """The numbered list of sources. The first `marked` are those the page's own text cites
    (its marks point to them); the rest are the sources of the warning-sign boxes, which carry
    no marks. On paper only the first `marked` print: the boxes' sources would add a sheet to
    every handout, and a note says where they are."""
    marked = len(sources) if marked is None else marked
    sign_class = ' class="mtg-sign-source"'
    items = "\n".join(
        f'<li id="source-{number}"{"" if number <= marked else sign_class}>'
        f"{format_source(source)}</li>" for number, source in enumerate(sources, start=1))
    note = ""
    if marked < len(sources):
        first = "Sources" if marked + 1 < len(sources) else "Source"
        numbers = (f"{marked + 1} to {len(sources)}" if marked + 1 < len(sources)
                   else f"{marked + 1}")
        note = (f'\n<p class="mtg-print-note">{first} {numbers} support the warning signs. '
                "They are listed on this page online.</p>")
    return (f'## Sources {{#sources data-search-exclude}}\n\n<ol class="mtg-sources">\n{items}\n'
            f"</ol>{note}\n")


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
    parts = urlsplit(report_url)
    if parts.scheme != "https" or not parts.netloc:
        raise ValueError(f"extra.report_url must be an https:// address, not {report_url!r}")
    query = urlencode(parse_qsl(parts.query) + [("title", f"Problem with page: {page}")],
                      quote_via=quote)
    href = urlunsplit(parts._replace(query=query))
    return f'<a class="mtg-report" href="{html_text(href)}">Report a problem with this page</a>.'


def _long_date(date: dt.date) -> str:
    return f"{date.day} {date.strftime('%B %Y')}"


def publish(page: PageInfo, guide: Guide, today: dt.date, extra: dict | None = None,
            report_url: str | None = None, frames=None) -> str:
    """The whole transformation of one hand-written page. With `frames` (time_frames.load),
    a sentence whose time frame disagrees with its red flag stops the build."""
    updated, due = review_dates(page, today)
    check_markers(page)
    page = expand_values(expand_when(page, guide), guide)
    if frames is not None:
        check_time_frames(page, guide, frames)
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
    marked = len(cited)
    for flag in shown_flags:                       # the boxes cite their own sources too
        cited.extend(source for source in flag.sources if source not in cited)
    parts.append(sources_section([guide.sources[source_id] for source_id in cited], marked))
    parts.append(review_footer(page.src_uri, guide, updated, due, today, report_url))
    return "\n".join(parts)
