"""What the hook reads from the hand-written files before MkDocs renders them: each page's
front-matter title (for link text made from the data), the sections the data file links to,
and the figures a page places. Pages are given as {src_uri: path on disk}; errors name the file
and line."""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.utils.meta import get_data

from ..data import placeholders
from ..data.model import Guide
from . import figures
from .markup import html_text

HEADING_ID = re.compile(r"\{#([a-z0-9-]+)[\s}]|\bid=\"([a-z0-9-]+)\"")
MARKDOWN_HEADING = re.compile(r"^\s*(#{2,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


class SiteFileError(Exception):
    """A problem in a file under docs/, as `path:line: problem`."""


def read_text(path: Path, shown_as: str) -> str:
    """A file's text, or one located line if it is not UTF-8 (MkDocs would give a traceback)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SiteFileError(f"{shown_as}:{line}: is not UTF-8 text (byte {error.start}); "
                            "save it as UTF-8") from None


def page_titles(pages: dict[str, Path]) -> dict[str, str]:
    """Front-matter titles, read with MkDocs' own front-matter reader."""
    titles = {}
    for src_uri, path in pages.items():
        _, meta = get_data(read_text(path, f"docs/{src_uri}"))
        if isinstance(meta.get("title"), str):
            titles[src_uri] = meta["title"]
    return titles


def check_page_refs(guide: Guide, pages: dict[str, Path]) -> None:
    """Every page and section the data file points to must exist, or the build stops."""
    for ref in guide.page_refs():
        if ref.page not in pages:
            raise SiteFileError(f"{guide.file}:{ref.line}: {ref.field}: no page '{ref.page}' "
                                "in docs/")
        if ref.anchor:
            text = read_text(pages[ref.page], f"docs/{ref.page}")
            if ref.anchor not in {a or b for a, b in HEADING_ID.findall(text)}:
                raise SiteFileError(f"{guide.file}:{ref.line}: {ref.field}: '{ref.page}' has no "
                                    f"section with id '{ref.anchor}'")


# The kinds of file under docs/ that the site ships (pages become .html). Anything else there
# (an editor's `faq.md~`, a merge's `faq.md.orig`, reviewer notes) stops the build, so a draft
# never reaches the site or the offline zip (review M11). data/ and CAPTIONS.md are excluded in
# mkdocs.yml; figures are inlined into pages, so their files are not shipped on their own.
SHIPPED_KINDS = (".md", ".css", ".js", ".svg", ".png", ".ico", ".webp")
FIGURE_FOLDER = "assets/figures/"


def check_shipped(docs: Path, files, captioned: set[str]) -> None:
    """Refuse files under docs/ of a kind the site does not ship, and figures with no caption;
    leave figure SVGs out of the site (each is inlined where a page places it)."""
    from mkdocs.structure.files import InclusionLevel
    for file in list(files):
        if file.generated_by or not file.abs_src_path or file.inclusion.is_excluded():
            continue
        path = Path(file.abs_src_path)
        if not path.is_relative_to(docs):
            continue
        if path.suffix not in SHIPPED_KINDS:
            raise SiteFileError(f"docs/{file.src_uri}: not a kind of file the site ships "
                                f"({' '.join(SHIPPED_KINDS)}); move it out of docs/ (drafts, "
                                "notes and editor backups must not reach the site or the zip)")
        if file.src_uri.startswith(FIGURE_FOLDER) and path.suffix == ".svg":
            if path.name not in captioned:
                raise SiteFileError(f"docs/{file.src_uri}: a figure with no entry in "
                                    "CAPTIONS.md; add one (and place it in a page), or move it "
                                    "out of docs/")
            file.inclusion = InclusionLevel.EXCLUDED


def check_heading_ids(pages: dict[str, Path]) -> None:
    """Every `##` to `######` heading of a hand-written page carries its own `{#id}`, or the
    build stops naming the page and line: clinicians link to section ids, and an id MkDocs makes
    up from the words would change whenever the words do. (Headings in code fences are text.)"""
    for src_uri, path in pages.items():
        in_fence = None
        for number, line in enumerate(read_text(path, f"docs/{src_uri}").splitlines(), 1):
            fence = FENCE.match(line)
            if fence:
                in_fence = None if in_fence == fence.group(1) else in_fence or fence.group(1)
                continue
            heading = None if in_fence else MARKDOWN_HEADING.match(line)
            if heading and not HEADING_ID.search(heading.group(2) + " "):
                words = heading.group(2)
                raise SiteFileError(
                    f"docs/{src_uri}:{number}: heading '{words}' has no id; write it as "
                    f"'{heading.group(1)} {words} {{#an-id}}' (lowercase words and hyphens): "
                    "clinicians link to section ids, so each is chosen once and kept")


CAPTION_FIELDS = ("page", "caption", "long description", "source")


def figure_block(folder: Path, name: str, guide: Guide, shown_as: str) -> str:
    """`<!-- guide:figure NAME -->`: FOLDER/NAME.svg inlined with its caption and its source
    (both from CAPTIONS.md beside it). The SVG must pass
    `figures.svg_problem` (no script, style sheet, handler or outside reference), and the
    caption's `{{value-id}}`s are expanded; every mistake names CAPTIONS.md or the SVG and a line."""
    path = folder / f"{name}.svg"
    captions_file = f"{shown_as}/CAPTIONS.md"
    entries = figures.caption_entries(read_text(folder / "CAPTIONS.md", captions_file))
    if not path.is_file() or path.name not in entries:
        raise SiteFileError(f"{shown_as}: no figure '{name}' with a caption in CAPTIONS.md")
    line, entry = entries[path.name]
    for field in CAPTION_FIELDS:
        if not entry.get(field, (0, ""))[1]:
            raise SiteFileError(f"{captions_file}:{line}: {path.name}: missing "
                                f"'- **{field.capitalize()}:**' line")
    source_line, source_id = entry["source"]
    if source_id not in guide.sources:
        raise SiteFileError(f"{captions_file}:{source_line}: {path.name}: unknown source "
                            f"'{source_id}'; use an id from 'sources:' in {guide.file}")
    caption_line, caption_text = entry["caption"]

    def fail(message: str, _position: int = 0) -> SiteFileError:
        return SiteFileError(f"{captions_file}:{caption_line}: {path.name}: Caption: {message}")
    caption_text = placeholders.expand(
        caption_text, guide.values or {},
        lambda value_id, _position: fail(f"unknown value '{{{{{value_id}}}}}'"), malformed=fail)
    svg_text = read_text(path, f"{shown_as}/{path.name}")
    problem = figures.svg_problem(svg_text)
    if problem:
        raise SiteFileError(f"{shown_as}/{path.name}:1: {problem}")
    source = guide.sources[source_id]
    # "Source:", as a printed leaflet says it ("Checked against" read as a note for the team).
    caption = (f"{html_text(caption_text)} <span class=\"mtg-figure-source\">Source: "
               f"{html_text(source.title)}.</span>")
    return figures.figure(svg_text, caption)


__all__ = ["SiteFileError", "read_text", "page_titles", "check_page_refs", "check_heading_ids",
           "figure_block"]
