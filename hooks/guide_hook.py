"""MkDocs hook: connects build events to the pure functions in `twitchguide`.

- on_config: load and validate docs/data/clinical-rules.yml and the glossary (a mistake
  stops the build before anything is written, with one `file:line: field: problem` line),
  and hand the glossary to Markdown's abbr extension;
- on_files: add the generated pages (checker, open data) and the vendored search polyfill,
  ship our stylesheets without their comments, and check every link from the data file to a
  page section;
- on_page_markdown: give each hand-written page its red flags, citations and review line, and
  each generated page its search weight (docs/data/search-terms.yml);
- on_page_content: a glossary tooltip on the first use of each term only, and none on the
  quiz page (they would give answers away);
- on_env: fill the clinicians page's link lists from every page's title and headings;
- on_post_page: add the print-only block (the page's full URL, in words and as a QR code),
  and fill in the Content-Security-Policy's script hashes (csp.py);
- on_post_build: add the readers' words to the search index, save the QR code cache, and pack
  the offline zip (not in `mkdocs serve`);
- on_build_error: empty the site folder, so a failed build leaves no half-built site or zip.

Kept thin on purpose: all the logic lives in twitchguide/, which the tests call directly.
MkDocs caches hook modules, so state lives in `_state` and is reset on every on_config.
"""
from __future__ import annotations

import datetime as dt
import html
import logging
import re
from pathlib import Path

from mkdocs import utils
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from twitchguide.data import scenarios, search_terms
from twitchguide.data.loader import load
from twitchguide.data.yaml_source import DataError
from twitchguide.pages import (checker_pages, clinicians, docs_reader, figures, glossary,
                               hand_written, quiz_page, time_frames)
from twitchguide.pages.docs_reader import SiteFileError
from twitchguide.pages.hand_written import MARKERS, PageError, PageInfo, publish, shown_meta
from twitchguide.pages.markup import drop_indentation
from twitchguide.site import csp, html_guard, minify, offline_zip, open_data, print_block

log = logging.getLogger("mkdocs.hooks.guide")   # under "mkdocs", so warnings count in --strict

DATA_FILE = "docs/data/clinical-rules.yml"
GLOSSARY_FILE = "includes/glossary.md"
FIGURES = "docs/assets/figures"
QR_CACHE = ".cache/qr-codes.json"         # not committed; safe to delete
POLYFILL = ("node_modules/iframe-worker/shim/index.js", "assets/vendor/iframe-worker/shim.js")

_state: dict = {}
_command: dict = {}          # set once per process by on_startup


def on_startup(*, command, dirty):
    _command["name"] = command


def on_config(config):
    root = Path(config.config_file_path).parent
    _state.clear()
    _state["root"] = root
    _state["site_dir"] = config.site_dir
    _state["qr"] = print_block.QrCodes(root / QR_CACHE)
    _state["captions_names"] = lambda: set(figures.caption_entries(
        docs_reader.read_text(root / FIGURES / "CAPTIONS.md", f"{FIGURES}/CAPTIONS.md")))
    checker_pages.REPORT_URL["url"] = config.extra.get("report_url")
    try:                    # a bad address (not https://) stops the build here, in one line
        hand_written.report_link("index.md", config.extra.get("report_url"))
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: {error}") from None
    try:
        _state["guide"] = load(root / DATA_FILE, DATA_FILE)
        _state["glossary"] = glossary.read_glossary(root / GLOSSARY_FILE, GLOSSARY_FILE,
                                                    _state["guide"].values)
        _state["scenarios"] = scenarios.load(root / scenarios.FILE, _state["guide"])
        _state["frames"] = time_frames.load(root / time_frames.FILE, _state["guide"])
    except (DataError, glossary.GlossaryError) as error:
        raise PluginError(str(error)) from None
    # The glossary reaches Markdown's abbr extension from the file just validated, so every
    # term becomes a tooltip without appending the file to every page.
    config.mdx_configs.setdefault("abbr", {})["glossary"] = _state["glossary"]
    return config


@event_priority(100)   # before plugins (search, redirects) take their view of the files
def on_files(files, *, config):
    guide, root = _state["guide"], _state["root"]
    pages = {file.src_uri: Path(file.abs_src_path) for file in files.documentation_pages()
             if file.abs_src_path}
    try:
        _state["titles"] = titles = docs_reader.page_titles(pages)
        docs_reader.check_page_refs(guide, pages)
        docs_reader.check_heading_ids(pages)
    except SiteFileError as error:
        raise PluginError(str(error)) from None
    generated = checker_pages.render_all(guide, titles)
    # Nothing leads into the middle of the checker without a way to step 1 (review H1, M5).
    problems = checker_pages.entry_problems(
        generated, checker_pages.page_uri(guide.checker.start),
        config.plugins["redirects"].config["redirect_maps"])
    if problems:
        raise PluginError("; ".join(problems))
    for src_uri, markdown in generated.items():
        files.append(File.generated(config, src_uri, content=markdown))
    try:      # checked here, with every page known, so a wrong page name stops the build early
        _state["search_terms"] = search_terms.load(
            root / search_terms.FILE, search_terms.FILE,
            {file.src_uri for file in files.documentation_pages()})
    except DataError as error:
        raise PluginError(str(error)) from None
    files.append(File.generated(config, open_data.EXPORT_URI, content=open_data.export_json(guide),
                                inclusion=InclusionLevel.INCLUDED))
    files.append(File.generated(config, open_data.SCENARIOS_URI,
                                content=open_data.scenarios_json(guide, _state["scenarios"]),
                                inclusion=InclusionLevel.INCLUDED))
    source, target = POLYFILL
    if not (root / source).is_file():
        raise PluginError(f"{source} is missing: run the setup command in README.md "
                          "(it installs the pinned search polyfill with npm ci)")
    files.append(File.generated(config, target, abs_src_path=str(root / source)))
    for src_uri in quiz_page.INLINED_ASSETS:     # read into the quiz page, not shipped
        files.get_file_from_path(src_uri).inclusion = InclusionLevel.EXCLUDED
    try:
        docs_reader.check_shipped(root / "docs", files, _state["captions_names"]())
    except SiteFileError as error:
        raise PluginError(str(error)) from None
    for file in [file for file in files if minify.minifier(file.src_uri) and file.abs_src_path
                 and Path(file.abs_src_path).is_relative_to(root / "docs")]:
        try:
            shipped = minify.minifier(file.src_uri)(
                Path(file.abs_src_path).read_text(encoding="utf-8"))
        except ValueError as error:
            raise PluginError(f"docs/{file.src_uri}: {error}") from None
        files.remove(file)
        files.append(File.generated(config, file.src_uri, inclusion=file.inclusion,
                                    content=shipped))
    return files


def on_page_markdown(markdown, *, page, config, files):
    if page.file.generated_by:          # checker pages are complete as generated
        meta = search_terms.generated_search_meta(_state["search_terms"], page.file.src_uri)
        if meta is not None:            # the search plugin reads it in on_page_context
            page.meta["search"] = {**(page.meta.get("search") or {}), **meta}
        return markdown
    guide, titles = _state["guide"], _state["titles"]
    extra = {
        "glossary": lambda _page, _options: glossary.glossary_list(_state["glossary"]),
        "figure": lambda _page, options: docs_reader.figure_block(
            _state["root"] / FIGURES, (options or [""])[0], guide, FIGURES),
        "quiz": lambda _page, _options: _pipeline_block(page.file.src_uri, quiz_page.quiz_block(
            guide, titles, *(files.get_file_from_path(src_uri).content_string
                             for src_uri in quiz_page.INLINED_ASSETS))),
        "clinician-links": lambda _page, _options: clinicians.LINKS_MARKER,   # filled in on_env
        "clinician-aliases": lambda _page, _options: clinicians.ALIASES_MARKER,
    }
    # Each marker is rendered by the page pipeline or by a function here; MARKERS is the one
    # list of them (a name missing on either side is a mistake in this code, not in a page).
    assert set(extra) | {"red-flags", "safety-notes", "safety-note"} == set(MARKERS), extra
    info = PageInfo(page.file.src_uri, page.meta, markdown, page.file.content_string)
    if page.file.src_uri == quiz_page.QUIZ_PAGE:
        info.meta.setdefault("sources", quiz_page.quiz_sources(guide))
    due = page.meta.get("review_due")
    if isinstance(due, dt.date) and due < dt.date.today():
        # Info, not a warning: --strict would turn a date into a failed deploy and block urgent
        # fixes. The page itself says "Review overdue" to readers.
        log.info(f"docs/{page.file.src_uri}: review overdue (was due {due.isoformat()})")
    try:
        published = publish(info, guide, dt.date.today(), extra, config.extra.get("report_url"),
                            _state["frames"])
        page.meta.update(shown_meta(info, guide))     # what the templates print, escaped
    except (PageError, SiteFileError) as error:
        raise PluginError(str(error)) from None
    return published


def _pipeline_block(src_uri: str, block: str) -> str:
    """Remember the script and style elements a marker wrote into a page (the quiz's), so the
    HTML allow-list lets exactly those through and no other."""
    _state.setdefault("pipeline_text", {}).setdefault(src_uri, set()).update(
        match.group(1) for match in re.finditer(r"<(?:script|style)\b[^>]*>(.*?)</(?:script|style)>",
                                                block, re.S))
    return block


def on_page_content(html, *, page, config, files):
    # Raw HTML and attribute lists are limited to an allow-list (html_guard): no scripts,
    # handlers, forms, javascript: links, ping, srcset or outside pictures (review M6).
    found = html_guard.problems(html, _state.get("pipeline_text", {}).get(page.file.src_uri, set()))
    if found:
        needle, problem = found[0]
        line = html_guard.line_of(page.file.content_string or "", needle)
        more = f" ({len(found) - 1} more on this page)" if len(found) > 1 else ""
        raise PluginError(f"docs/{page.file.src_uri}:{line or 1}: {problem}{more}")
    if page.file.src_uri == quiz_page.QUIZ_PAGE:
        return glossary.without_tooltips(html)
    return glossary.first_use_only(html)


def on_nav(nav, *, config, files):
    _state["nav"] = nav


def on_env(env, *, config, files):
    """Every page is rendered now: fill the clinicians page's lists from the pages' titles,
    descriptions and headings, in nav order (on_page_markdown sees one page at a time)."""
    # Titles and descriptions are HTML-escaped for the templates; the clinicians page escapes
    # what it prints itself, so it gets the plain text back.
    pages = [clinicians.link_page(page.file.src_uri, page.file.url, html.unescape(page.title),
                                  html.unescape(page.meta.get("description") or ""), page.toc)
             for page in _state["nav"].pages if page.file.src_uri != clinicians.PAGE]
    aliases = config.plugins["redirects"].config["redirect_maps"]
    for file in files.documentation_pages():
        if file.page is not None and file.page.content:
            try:
                file.page.content = clinicians.fill(file.page.content, pages, aliases,
                                                    config.site_url, file.url)
            except ValueError as error:
                raise PluginError(f"docs/{file.src_uri}: {error}") from None
    return env


def on_post_page(output, *, page, config):
    """Every page gets a print-only block (its full URL in words and as a QR code), and loses
    the templates' indentation (markup.drop_indentation)."""
    try:
        output = print_block.add_print_block(output, page.canonical_url, config.site_name,
                                    _state["qr"].svg)
    except ValueError as error:
        raise PluginError(f"docs/{page.file.src_uri}: {error}") from None
    return drop_indentation(csp.fill(output, _shim_source()))


def _shim_source() -> str:
    """The file:// search shim's code, for the policy's hash of the script it writes."""
    if "shim" not in _state:
        _state["shim"] = (_state["root"] / POLYFILL[0]).read_text(encoding="utf-8")
    return _state["shim"]


def on_post_template(output_content, *, template_name, config):
    """Pages made from a template alone (404.html) carry the same policy, hashes filled in."""
    if csp.SCRIPT_HASHES not in output_content:
        return output_content
    return csp.fill(output_content, _shim_source())


@event_priority(-200)   # after the offline plugin has written the search index it needs
def on_post_build(*, config):
    site = Path(config.site_dir)
    try:
        search_terms.write_keywords(site, _state["search_terms"])
    except DataError as error:
        raise PluginError(str(error)) from None
    if not _state["qr"].save():
        log.info(f"could not save {QR_CACHE}; the next build makes its QR codes again")
    if _command.get("name") == "serve":
        return              # keep live reload fast; the zip is for `mkdocs build`
    size = offline_zip.publish_zip(site, site / "download.html", dt.date.today(),
                                   offline_zip.search_languages(config.plugins))
    log.info(f"offline edition: {offline_zip.ZIP_URI} ({size / 1024:.0f} KiB)")


def on_build_error(*, error):
    """A build that fails after MkDocs has begun writing leaves an empty site folder, never a
    half-built site or a stale zip someone might upload (`mkdocs serve` keeps its last good
    build instead)."""
    if _command.get("name") != "serve" and _state.get("site_dir"):
        utils.clean_directory(_state["site_dir"])
