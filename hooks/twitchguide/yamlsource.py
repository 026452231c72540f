"""Read YAML while keeping the line of every value, so errors can point at the exact line.

PyYAML forgets where values came from and silently keeps the last of two equal keys. This
module builds plain dicts and lists that remember their lines, refuses duplicate keys, and
offers `At`, a small cursor with typed accessors that raise `DataError` naming
file, line and field.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Text is plain words: the renderers escape it, and markup in the data file is always a mistake.
MARKUP_PATTERN = re.compile(r"<\s*[a-zA-Z/!?]|&#?[a-zA-Z0-9]+;|javascript:", re.IGNORECASE)


class DataError(Exception):
    """A mistake in the data file, reported as `file:line: field: problem`."""

    def __init__(self, file: str, line: int, field: str, problem: str):
        self.file, self.line, self.field, self.problem = file, line, field, problem
        super().__init__(f"{file}:{line}: {field}: {problem}")


class LineDict(dict):
    line: int = 0
    key_lines: dict


class LineList(list):
    line: int = 0
    item_lines: list


# libyaml's parser when PyYAML has it (loading the data file takes 27 ms, not 116), else
# PyYAML's own; both give every node its line, and the same safe constructors run on top.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):
    """A safe loader whose mappings and sequences record their source lines."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
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


def parse(text: str, file: str) -> "At":
    """Parse YAML text into an `At` cursor at the document root."""
    try:
        value = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise DataError(file, line, "(file)", f"not valid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise DataError(file, 1, "(file)", f"not valid YAML: {error}") from None
    return At(value, "", 1, file)


def read(path: Path, display_name: str | None = None) -> "At":
    """Read and parse a YAML file; `display_name` is how errors name it."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(name, 1, "(file)", "file not found") from None
    except UnicodeDecodeError:
        raise DataError(name, 1, "(file)", "not UTF-8 text") from None
    return parse(text, name)


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
                raise self._child(str(key), None, lines.get(key, self.line)).error(
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
        value = " ".join(self.value.split())
        if not value:
            raise self.error("must not be empty")
        markup = MARKUP_PATTERN.search(value)
        if markup:
            raise self.error(f"contains markup ({markup.group(0)!r}); write plain text")
        return value

    def ident(self) -> str:
        if not isinstance(self.value, str) or not ID_PATTERN.match(self.value):
            raise self.error(f"{self.value!r} is not a valid id (lowercase letters, digits and "
                             "single hyphens, for example 'new-weakness')")
        return self.value

    def choice(self, options: Iterable[str]) -> str:
        options = list(options)
        if self.value not in options:
            raise self.error(f"{self.value!r} is not one of {', '.join(options)}")
        return self.value

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.error(f"must be true or false, not {_kind(self.value)} {self.value!r}")
        return self.value

    def integer(self, low: int, high: int) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.error(f"must be a whole number, not {_kind(self.value)}")
        if not low <= self.value <= high:
            raise self.error(f"{self.value} is outside {low}..{high}")
        return self.value

    def date(self) -> dt.date:
        if isinstance(self.value, dt.datetime) or not isinstance(self.value, dt.date):
            raise self.error(f"must be a date like 2026-11-26, not {_kind(self.value)}")
        return self.value

    def url(self) -> str:
        value = self.text()
        if not re.match(r"^https://[^\s/]+\.[^\s]+$", value):
            raise self.error(f"{value!r} is not an https:// address")
        return value

    def ident_list(self, min_items: int = 0) -> tuple[str, ...]:
        values = tuple(item.ident() for item in self.items(min_items))
        for index, value in enumerate(values):
            if value in values[:index]:
                raise self.items()[index].error(f"'{value}' is listed twice")
        return values


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    for kind, name in ((bool, "true/false"), (dict, "a mapping"), (list, "a list"),
                       (str, "text"), (int, "a number"), (float, "a number")):
        if isinstance(value, kind):
            return name
    return type(value).__name__
