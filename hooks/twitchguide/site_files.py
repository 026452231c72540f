"""What the hook reads from the hand-written files before MkDocs renders them: each page's
front-matter title (for link text made from the data), the sections the data file links to,
and the figures a page places. Pages are given as {src_uri: path on disk}; errors name the file
and line."""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.utils.meta import get_data

from . import render_diagram
from .markup import html_text
from .model import Guide

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


def figure_block(folder: Path, name: str, guide: Guide, shown_as: str) -> str:
    """`<!-- guide:figure NAME -->`: FOLDER/NAME.svg inlined with its caption and the source it
    was checked against (both from CAPTIONS.md beside it)."""
    path = folder / f"{name}.svg"
    captions = render_diagram.read_captions(read_text(folder / "CAPTIONS.md",
                                                      f"{shown_as}/CAPTIONS.md"))
    if not path.is_file() or path.name not in captions:
        raise SiteFileError(f"{shown_as}: no figure '{name}' with a caption in CAPTIONS.md")
    entry = captions[path.name]
    if entry.get("source") not in guide.sources:
        raise SiteFileError(f"{shown_as}/CAPTIONS.md: {path.name}: unknown source "
                            f"'{entry.get('source')}'")
    source = guide.sources[entry["source"]]
    caption = (f"{html_text(entry['caption'])} <span class=\"mtg-figure-source\">Checked "
               f"against: {html_text(source.title)}.</span>")
    return render_diagram.figure(read_text(path, f"{shown_as}/{path.name}"), caption)


__all__ = ["SiteFileError", "read_text", "page_titles", "check_page_refs", "check_heading_ids",
           "figure_block"]
