"""Words readers type that a page does not use, added to Material's search index at build time,
and how much the pages the build generates count in search.

A worried reader searches in their own words ("eye twitching", "water pill", "MND"); the page
they need says "eyelid", "diuretic", "ALS". docs/data/search-terms.yml lists, per page (or per
section, `page.md#anchor`), the lay words that should find it. The build adds them to that
page's entry in search/search_index.json as a `keywords` field, which Material's search worker
indexes like any other field (mkdocs.yml gives it its weight) and never shows: the results still
show the page's own title and text. Material's scripts are not changed.

Hand-written pages set their weight in their own `search:` front matter. Generated pages have
none, so the same file gives rules by path prefix: the checker's question and result pages
repeat every warning sign and would crowd out the topic pages for any query, and a reader who
lands on a result page without answering the questions gets advice meant for someone else.
The rule names a prefix (`check/`) and the pages it spares (`check/index.md`), never a list of
question pages, so new questions are covered as soon as they exist.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .yaml_source import At, DataError, read

FILE = "docs/data/search-terms.yml"
FIELD = "keywords"
INDEX_JSON = "search/search_index.json"
INDEX_JS = "search/search_index.js"        # the offline plugin's copy, for file://
JS_PREFIX = "var __index = "               # how the offline plugin writes it
MAX_TERMS = 60                             # per page: a longer list is a pasted page
_LOCATION = re.compile(r"\A(?P<page>[a-z0-9][a-z0-9/_-]*\.md)(?:#(?P<anchor>[a-z0-9_-]+))?\Z")
_PREFIX = re.compile(r"\A(?:[a-z0-9_-]+/)+\Z")
_PAGE = re.compile(r"\A[a-z0-9][a-z0-9/_-]*\.md\Z")


@dataclass(frozen=True)
class Terms:
    location: str              # as the index names it: "types/eyelid-twitching.html#anchor"
    words: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Rule:
    prefix: str                # "check/"
    spare: tuple[str, ...]     # docs paths the rule leaves alone: ("check/index.md",)
    meta: dict                 # Material's `search:` front matter: {"exclude": True} or {"boost": x}


@dataclass(frozen=True)
class SearchTerms:
    file: str
    pages: tuple[Terms, ...]
    generated: tuple[Rule, ...]


def _search_meta(node: At) -> dict:
    """`exclude` or a boost between 0.05 and 10, as Material's `search:` front matter."""
    if node.value == "exclude":
        return {"exclude": True}
    if isinstance(node.value, (int, float)) and not isinstance(node.value, bool) \
            and 0.05 <= node.value <= 10:
        return {"boost": float(node.value)}
    raise node.error(f"must be 'exclude' or a boost between 0.05 and 10, not {node.value!r}")


def _words(node: At) -> tuple[str, ...]:
    words = []
    for item in node.items(min_items=1):
        word = item.text().lower()
        if word in words:
            raise item.error(f"'{word}' is listed twice")
        words.append(word)
    if len(words) > MAX_TERMS:
        raise node.error(f"has {len(words)} terms; the most is {MAX_TERMS}")
    return tuple(words)


def _rule(node: At, pages: set[str] | None) -> Rule:
    fields = node.mapping(required=["prefix", "search"], optional=["except"])
    prefix = fields["prefix"].text()
    if not _PREFIX.match(prefix):
        raise fields["prefix"].error("must be a folder under docs/ ending in '/', like 'check/'")
    spare = []
    for item in fields["except"].items() if "except" in fields else []:
        page = item.text()
        if not _PAGE.match(page) or not page.startswith(prefix):
            raise item.error(f"must be a page under {prefix}, like '{prefix}index.md'")
        if pages is not None and page not in pages:
            raise item.error(f"there is no page docs/{page}")
        spare.append(page)
    return Rule(prefix, tuple(spare), _search_meta(fields["search"]))


def load(path: Path, display_name: str = FILE, pages: set[str] | None = None) -> SearchTerms:
    """Read and check the file; `pages` (docs paths such as 'faq.md', generated ones included)
    are the pages that exist."""
    root = read(path, display_name).mapping(required=["pages"], optional=["generated"])
    found = []
    for key, node in root["pages"].mapping(optional=list(root["pages"].value or {})).items():
        match = _LOCATION.match(str(key))
        if not match:
            raise node.error("must name a page under docs/ as 'page.md' or 'page.md#anchor'")
        if pages is not None and match["page"] not in pages:
            raise node.error(f"there is no page docs/{match['page']}")
        location = match["page"][:-3] + ".html" + (f"#{match['anchor']}" if match["anchor"] else "")
        found.append(Terms(location, _words(node), node.line))
    rules = tuple(_rule(item, pages) for item in root["generated"].items()) \
        if "generated" in root else ()
    return SearchTerms(display_name, tuple(found), rules)


def generated_search_meta(terms: SearchTerms, src_uri: str) -> dict | None:
    """The `search:` meta the first matching rule gives a generated page, or None."""
    for rule in terms.generated:
        if src_uri.startswith(rule.prefix):
            return None if src_uri in rule.spare else dict(rule.meta)
    return None


def add_keywords(index: dict, terms: SearchTerms) -> dict:
    """The index with each listed page's or section's words in its `keywords` field. A location
    the index does not have (a misspelt anchor, or a page excluded from search) is an error."""
    if FIELD not in index.get("config", {}).get("fields", {}):
        raise DataError(terms.file, 1, "pages", f"the search index has no '{FIELD}' field: add "
                        f"`fields: {{{FIELD}: {{boost: ...}}}}` to the search plugin in mkdocs.yml")
    entries = {entry["location"]: entry for entry in index["docs"]}
    for item in terms.pages:
        entry = entries.get(item.location)
        if entry is None:
            raise DataError(terms.file, item.line, "pages." + item.location.replace(".html", ".md"),
                            "not in the search index (a misspelt anchor, or a page with "
                            "`search: exclude`)")
        entry[FIELD] = " ".join(item.words)
    return index


def write_keywords(site: Path, terms: SearchTerms) -> None:
    """Add the words to the built index, and to the offline plugin's script copy if it made one
    (search from file:// reads that copy)."""
    json_path = site / INDEX_JSON
    if not json_path.is_file():
        return                                  # search is switched off
    index = add_keywords(json.loads(json_path.read_text(encoding="utf-8")), terms)
    data = json.dumps(index, separators=(",", ":"), ensure_ascii=False)
    json_path.write_text(data, encoding="utf-8")
    js_path = site / INDEX_JS
    if js_path.is_file():
        js_path.write_text(JS_PREFIX + data, encoding="utf-8")
