"""Read YAML while keeping the line of every value, so errors can point at the exact line.

PyYAML forgets where values came from and silently keeps the last of two equal keys. This
module builds plain dicts and lists that remember their lines, refuses duplicate keys, and
offers `At`, a small cursor with typed accessors that raise `DataError` naming
file, line and field.
"""
from __future__ import annotations

import datetime as dt
import re
import reprlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from . import placeholders

# Matched whole (`fullmatch`, and `\Z`, not `$`, which also matches before a final newline).
ID_PATTERN = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_ID_LENGTH = 64
# A red flag is a sentence or two and an explanation a short paragraph; a longer text is a
# mistake (a pasted page), and would make every page that shows it slow to build and to read.
MAX_TEXT_LENGTH = 2000
# Text is plain words: the renderers escape it, and markup in the data file is always a mistake.
MARKUP_PATTERN = re.compile(r"<\s*[a-zA-Z/!?]|&#?[a-zA-Z0-9]+;|javascript:", re.IGNORECASE)
# Characters a reader cannot see but that change what text shows or means: control characters
# other than tab and line breaks (YAML escapes such as "\0", "\e", "\x7f", "\x85" reach them),
# bidirectional controls (U+202E makes "Call 999, do not wait" display backwards) and
# zero-width characters (two texts that look the same would compare different).
INVISIBLE_PATTERN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"     # C0 and C1 controls, DEL
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"   # bidirectional controls
    "\u200b-\u200d\u2060\ufeff]")                    # zero-width characters


class DataError(Exception):
    """A mistake in the data file, reported as `file:line: field: problem`."""

    def __init__(self, file: str, line: int, field: str, problem: str):
        problem = " ".join(problem.split())          # always one line
        self.file, self.line, self.field, self.problem = file, line, field, problem
        super().__init__(f"{file}:{line}: {field}: {problem}")


class LineDict(dict):
    line: int = 0
    key_lines: dict


class LineList(list):
    line: int = 0
    item_lines: list


# libyaml's parser when PyYAML has it (several times faster; see PERFORMANCE.md), else
# PyYAML's own; both give every node its line, and the same safe constructors run on top.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):
    """A safe loader whose mappings and sequences record their source lines."""

    def construct_object(self, node, deep=False):
        """PyYAML's constructors raise plain Python errors for values their tag cannot hold
        (`!!int abc`, `!!bool maybe`, the date 2026-02-30): report them at the value's line."""
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, KeyError, TypeError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None, None, _unreadable(node), node.start_mark) from None


# What a value with this tag should have been, for messages.
_TAG_KINDS = {"int": "whole number", "float": "number", "bool": "true or false value",
              "timestamp": "date", "null": "null", "binary": "base64 value"}


def _unreadable(node: yaml.Node) -> str:
    tag = node.tag.rpartition(":")[2]
    kind = _TAG_KINDS.get(tag, f"value of type !!{tag}")
    if isinstance(node, yaml.ScalarNode):
        return f"{short(node.value)} is not a valid {kind}"
    return f"this {'list' if isinstance(node, yaml.SequenceNode) else 'mapping'} is not a valid {kind}"


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (dict, list, set)):
            raise yaml.constructor.ConstructorError(
                None, None, f"a key must be plain text, not {_kind(key)}", key_node.start_mark)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {short(key)}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _refuse_aliases(text: str, file: str) -> None:
    """Aliases (`*name`) are refused before anything is built: an alias repeats a whole value,
    so a few nested ones (a "billion laughs") expand to gigabytes as soon as anything walks
    the value, and the data file never needs them. An anchor (`&name`) alone is harmless."""
    for event in yaml.parse(text, Loader=_SafeBase):
        if isinstance(event, yaml.AliasEvent):
            raise DataError(file, event.start_mark.line + 1, "(file)",
                            f"aliases (*{short_text(str(event.anchor))}) are not allowed; "
                            "write the value out in full")


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")     # what YAML counts as a line break


def _line_at(text: str, index: int) -> int:
    return len(_LINE_BREAK.findall(text, 0, max(index, 0))) + 1


def parse(text: str, file: str) -> "At":
    """Parse YAML text into an `At` cursor at the document root."""
    try:
        _refuse_aliases(text, file)
        value = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.reader.ReaderError as error:
        # A character YAML does not allow in a file (a raw NUL, ESC...). The reader reports a
        # position (bytes for libyaml, characters for PyYAML); the character itself is exact.
        code = error.character if isinstance(error.character, int) else ord(error.character[:1] or "\0")
        index = text.find(chr(code))
        raise DataError(file, _line_at(text, index), "(file)",
                        f"not valid YAML: the character {codepoint(chr(code))} is not allowed "
                        "in a YAML file") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise DataError(file, line, "(file)", f"not valid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise DataError(file, 1, "(file)", f"not valid YAML: {short_text(str(error))}") from None
    except RecursionError:
        raise DataError(file, 1, "(file)", "not valid YAML: nested too deeply") from None
    return At(value, "", 1, file)


def read(path: Path, display_name: str | None = None) -> "At":
    """Read and parse a YAML file; `display_name` is how errors name it."""
    name = display_name or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(name, 1, "(file)", "file not found") from None
    return parse(decode_utf8(data, name), name)


def decode_utf8(data: bytes, name: str) -> str:
    """The bytes as text, or a `DataError` at the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataError(name, line, "(file)", f"not UTF-8 text (byte 0x{data[error.start]:02x} "
                        "cannot start or continue a character; save the file as UTF-8)") from None


@dataclass(frozen=True)
class At:
    """A value from the data file together with its field path and line."""

    value: Any
    path: str
    line: int
    file: str

    def error(self, problem: str) -> DataError:
        return DataError(self.file, self.line, self.path or "(top level)", problem)

    def _child(self, key: str | int, value: Any, line: int) -> "At":
        if isinstance(key, int):
            path = f"{self.path}[{key}]"
        else:
            path = f"{self.path}.{key}" if self.path else key
        return At(value, path, line, self.file)

    # --- containers -------------------------------------------------------------------
    def mapping(self, required: Iterable[str] = (), optional: Iterable[str] = ()) -> dict[str, "At"]:
        """The value as a mapping with exactly these keys (required ones must be there)."""
        if not isinstance(self.value, dict):
            raise self.error(f"must be a mapping, not {_kind(self.value)}")
        required, optional = list(required), list(optional)
        allowed = required + optional
        lines = getattr(self.value, "key_lines", {})
        for key in self.value:
            if key not in allowed:
                raise self._child(short_text(str(key)), None, lines.get(key, self.line)).error(
                    f"unknown field; expected one of {', '.join(allowed)}")
        for key in required:
            if key not in self.value:
                raise self.error(f"missing required field '{key}'")
        return {key: self._child(key, value, lines.get(key, self.line))
                for key, value in self.value.items()}

    def entries(self) -> dict[str, "At"]:
        """The value as a mapping whose keys are ids (for example `sources:`)."""
        if not isinstance(self.value, dict):
            raise self.error(f"must be a mapping of ids, not {_kind(self.value)}")
        lines = getattr(self.value, "key_lines", {})
        result = {}
        for key, value in self.value.items():
            child = self._child(str(key), value, lines.get(key, self.line))
            At(key, child.path, child.line, self.file).ident()
            result[key] = child
        return result

    def items(self, min_items: int = 0) -> list["At"]:
        if not isinstance(self.value, list):
            raise self.error(f"must be a list, not {_kind(self.value)}")
        if len(self.value) < min_items:
            raise self.error(f"needs at least {min_items} item{'s' if min_items != 1 else ''}, "
                             f"found {len(self.value)}")
        lines = getattr(self.value, "item_lines", [self.line] * len(self.value))
        return [self._child(index, value, lines[index]) for index, value in enumerate(self.value)]

    # --- scalars ----------------------------------------------------------------------
    def text(self) -> str:
        """Non-empty plain text with no markup."""
        if not isinstance(self.value, str):
            raise self.error(f"must be text, not {_kind(self.value)}")
        invisible = INVISIBLE_PATTERN.search(self.value)
        if invisible:
            raise self.error(f"contains the invisible character {codepoint(invisible.group(0))}; "
                             "delete it (retype the text around it if unsure)")
        value = " ".join(self.value.split())
        if not value:
            raise self.error("must not be empty")
        if len(value) > MAX_TEXT_LENGTH:
            raise self.error(f"is {len(value)} characters long; the most is {MAX_TEXT_LENGTH}")
        markup = MARKUP_PATTERN.search(value)
        if markup:
            raise self.error(f"contains markup ({markup.group(0)!r}); write plain text")
        braces = placeholders.leftover(value) or placeholders.VALUE.search(value)
        if braces:
            # Expanded text has none left, so this is a placeholder where none is expanded
            # (a source is quoted as published) or a broken one: never shown as braces.
            raise self.error(placeholders.malformed_message(value, braces)
                             if placeholders.leftover(value) else
                             f"'{braces.group(0)}' is not expanded in this field (a source is "
                             "quoted as published); write the words out")
        return value

    def ident(self) -> str:
        if isinstance(self.value, str) and len(self.value) > MAX_ID_LENGTH:
            raise self.error(f"{short(self.value)} is {len(self.value)} characters long; an id "
                             f"has at most {MAX_ID_LENGTH}")
        if not isinstance(self.value, str) or not ID_PATTERN.fullmatch(self.value):
            raise self.error(f"{short(self.value)} is not a valid id (lowercase letters, digits "
                             "and single hyphens, for example 'new-weakness')")
        return self.value

    def choice(self, options: Iterable[str]) -> str:
        options = list(options)
        if not isinstance(self.value, str) or self.value not in options:
            raise self.error(f"{short(self.value)} is not one of {', '.join(options)}")
        return self.value

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.error(f"must be true or false, not {_kind(self.value)} {short(self.value)}")
        return self.value

    def integer(self, low: int, high: int) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.error(f"must be a whole number, not {_kind(self.value)}")
        if not low <= self.value <= high:
            raise self.error(f"{short(self.value)} is outside {low}..{high}")
        return self.value

    def date(self) -> dt.date:
        if isinstance(self.value, dt.datetime) or not isinstance(self.value, dt.date):
            raise self.error(f"must be a date like 2026-11-26, not {_kind(self.value)}")
        return self.value

    def url(self) -> str:
        value = self.text()
        if not re.match(r"^https://[^\s/]+\.[^\s]+$", value):
            raise self.error(f"{short(value)} is not an https:// address")
        return value

    def ident_list(self, min_items: int = 0) -> tuple[str, ...]:
        values = tuple(item.ident() for item in self.items(min_items))
        for index, value in enumerate(values):
            if value in values[:index]:
                raise self.items()[index].error(f"'{value}' is listed twice")
        return values


# Error messages show a bad value shortened: a value can be as large as the file.
class _ShortRepr(reprlib.Repr):
    repr_LineDict = reprlib.Repr.repr_dict        # reprlib picks a method by type name
    repr_LineList = reprlib.Repr.repr_list


_SHORT = _ShortRepr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlong = 60, 60, 40
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = _SHORT.maxset = 4
_SHORT.maxlevel = 2


def short(value: Any) -> str:
    """A repr of `value` of at most about 60 characters, however large the value is."""
    return _SHORT.repr(value)


def short_text(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def codepoint(char: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`; control characters have no name, just the number."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    for kind, name in ((bool, "true/false"), (dict, "a mapping"), (list, "a list"),
                       (str, "text"), (int, "a number"), (float, "a number")):
        if isinstance(value, kind):
            return name
    return type(value).__name__
