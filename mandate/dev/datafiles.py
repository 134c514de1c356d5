"""Data files read with their line numbers and checked against a schema, so that a wrong value is
refused with the file and line where it is written.

Why not ``yaml.safe_load``: it forgets where a value came from, and guesses types (``1`` is an int,
``no`` is False, ``2021-06-30`` a date) before anyone has said what the field is. Here YAML is only
*composed* into nodes (each with its line) and CSV rows keep their line; the schema then types
every scalar itself (a date field parses an ISO date, an ordinal stays text), refuses unknown
fields, and collects two kinds of names: the keys a file *defines* (a unit, a person, a task) and
the keys it *refers to*. Only when every file is read are the references checked, so files may
refer to each other in any order. Every problem of every file is reported at once, each as
``path:line: message`` (``DataError``).

The schemas are declared per file by the caller (``mandate.dev.schemas``); nothing here knows the
demo. A later part of the demo (indicators, inspections, evaluations) adds its files and schemas.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import fnmatch
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "Choice",
    "DataError",
    "Day",
    "Flag",
    "Integer",
    "Key",
    "ListOf",
    "Nullable",
    "Offset",
    "Record",
    "Ref",
    "Row",
    "Text",
    "Variant",
    "Where",
    "load_files",
]


@dataclass(frozen=True)
class Where:
    """A place in a data file."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class DataError(ValueError):
    """Every problem found in the data files, each with its file and line."""

    def __init__(self, problems: Sequence[tuple[Where, str]]) -> None:
        self.problems = list(problems)
        lines = [f"{where}: {message}" for where, message in self.problems]
        super().__init__("The demo's data files are wrong:\n" + "\n".join(lines))


class Row(dict[str, Any]):
    """A checked record: a dict of its fields, and where it is written."""

    where: Where

    def __init__(self, values: Mapping[str, Any], where: Where) -> None:
        super().__init__(values)
        self.where = where


@dataclass(frozen=True)
class Offset:
    """A day given as a number of days from the day the data is played (``-3``, ``+0``)."""

    days: int

    def on(self, day: dt.date) -> dt.date:
        return day + dt.timedelta(days=self.days)


@dataclass
class _Node:
    """A composed value with its line: text (None for YAML null), a list or a mapping."""

    value: Any
    line: int


@dataclass
class _Context:
    file: str = ""
    problems: list[tuple[Where, str]] = field(default_factory=list)
    defined: dict[str, dict[str, Where]] = field(default_factory=dict)
    refs: list[tuple[str, str, Where]] = field(default_factory=list)

    def where(self, node: _Node) -> Where:
        return Where(self.file, node.line)

    def problem(self, node: _Node, message: str) -> None:
        self.problems.append((self.where(node), message))

    def define(self, kind: str, value: str, where: Where) -> None:
        first = self.defined.setdefault(kind, {}).get(value)
        if first is not None:
            self.problems.append((where, f"{kind} {value!r} is defined twice (first at {first})"))
        else:
            self.defined[kind][value] = where


class _Invalid(Exception):
    """Raised by a type for a value it refuses (the problem is already recorded)."""


# --- types ------------------------------------------------------------------------------------


class _Type:
    label = "value"

    def convert(self, node: _Node, ctx: _Context) -> Any:
        raise NotImplementedError

    def scalar(self, node: _Node, ctx: _Context) -> str:
        if not isinstance(node.value, str):
            ctx.problem(node, f"expected {self.label}, found {_shape(node)}")
            raise _Invalid
        return node.value.strip()


@dataclass(frozen=True)
class Text(_Type):
    blank: bool = False
    label = "text"

    def convert(self, node: _Node, ctx: _Context) -> str:
        text = self.scalar(node, ctx)
        if not text and not self.blank:
            ctx.problem(node, "expected text, found nothing")
            raise _Invalid
        return text


@dataclass(frozen=True)
class Integer(_Type):
    low: int
    high: int
    label = "a whole number"

    def convert(self, node: _Node, ctx: _Context) -> int:
        text = self.scalar(node, ctx)
        try:
            number = int(text)
        except ValueError:
            ctx.problem(node, f"expected a whole number, found {text!r}")
            raise _Invalid from None
        if not self.low <= number <= self.high:
            ctx.problem(node, f"{number} is not between {self.low} and {self.high}")
            raise _Invalid
        return number


@dataclass(frozen=True)
class Day(_Type):
    """An ISO date; with ``offsets``, also a number of days from the day of play (``Offset``)."""

    offsets: bool = False
    label = "a date (YYYY-MM-DD)"

    def convert(self, node: _Node, ctx: _Context) -> dt.date | Offset:
        text = self.scalar(node, ctx)
        if self.offsets and text.lstrip("+-").isdigit():
            return Offset(int(text))
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            allowed = " or a number of days (-3, +0)" if self.offsets else ""
            ctx.problem(node, f"expected a date (YYYY-MM-DD){allowed}, found {text!r}")
            raise _Invalid from None


class Flag(_Type):
    label = "true or false"

    def convert(self, node: _Node, ctx: _Context) -> bool:
        text = self.scalar(node, ctx)
        if text not in ("true", "false"):
            ctx.problem(node, f"expected true or false, found {text!r}")
            raise _Invalid
        return text == "true"


@dataclass(frozen=True)
class Choice(_Type):
    values: frozenset[str]
    what: str = "value"

    def convert(self, node: _Node, ctx: _Context) -> str:
        text = self.scalar(node, ctx)
        if text not in self.values:
            ctx.problem(node, f"unknown {self.what} {text!r}{_hint(text, self.values)}")
            raise _Invalid
        return text


@dataclass(frozen=True)
class Key(_Type):
    """Text that names a thing of ``kind`` (a unit, a person...), defined here."""

    kind: str
    label = "a key"

    def convert(self, node: _Node, ctx: _Context) -> str:
        text = Text().convert(node, ctx)
        ctx.define(self.kind, text, ctx.where(node))
        return text


@dataclass(frozen=True)
class Ref(_Type):
    """Text that refers to a thing of ``kind`` defined in some data file."""

    kind: str
    label = "a key"

    def convert(self, node: _Node, ctx: _Context) -> str:
        text = Text().convert(node, ctx)
        ctx.refs.append((self.kind, text, ctx.where(node)))
        return text


@dataclass(frozen=True)
class Nullable(_Type):
    inner: _Type

    def convert(self, node: _Node, ctx: _Context) -> Any:
        return None if node.value is None else self.inner.convert(node, ctx)


@dataclass(frozen=True)
class ListOf(_Type):
    item: _Type
    label = "a list"

    def convert(self, node: _Node, ctx: _Context) -> list[Any]:
        if not isinstance(node.value, list):
            ctx.problem(node, f"expected a list, found {_shape(node)}")
            raise _Invalid
        items = []
        for child in node.value:
            try:
                items.append(self.item.convert(child, ctx))
            except _Invalid:
                continue
        return items


@dataclass(frozen=True)
class Record(_Type):
    """A mapping with named fields: ``required`` must be there, ``optional`` may (with a default).

    ``defines`` names the keys a record defines beyond its ``Key`` fields (a task's key made from
    its group's document and its ordinal); ``checks`` say what is wrong across fields ('' or None
    when nothing is)."""

    required: Mapping[str, _Type]
    optional: Mapping[str, tuple[_Type, Any]] = field(default_factory=dict)
    defines: Callable[[Row], Iterable[tuple[str, str, Where]]] | None = None
    checks: Sequence[Callable[[Row], str | None]] = ()
    label = "a mapping"

    def convert(self, node: _Node, ctx: _Context) -> Row:
        if not isinstance(node.value, dict):
            ctx.problem(node, f"expected a mapping, found {_shape(node)}")
            raise _Invalid
        known = {*self.required, *self.optional}
        values: dict[str, Any] = {}
        failed = False
        for name, child in node.value.items():
            if name not in known:
                ctx.problem(child, f"unknown field {name!r}{_hint(name, known)}")
                failed = True
                continue
            kind = self.required[name] if name in self.required else self.optional[name][0]
            try:
                values[name] = kind.convert(child, ctx)
            except _Invalid:
                failed = True
        for name in self.required:
            if name not in node.value:
                ctx.problem(node, f"missing field {name!r}")
                failed = True
        if failed:
            raise _Invalid
        for name, (_kind, default) in self.optional.items():
            values.setdefault(name, default)
        row = Row(values, ctx.where(node))
        for kind_name, value, where in self.defines(row) if self.defines else ():
            ctx.define(kind_name, value, where)
        for check in self.checks:
            message = check(row)
            if message:
                ctx.problem(node, message)
                raise _Invalid
        return row


@dataclass(frozen=True)
class Variant(_Type):
    """A mapping that is one of several records, told apart by the field that names it
    (``{progress: 2023-12-12, percent: 70}`` is a "progress" record); the result has ``kind``."""

    records: Mapping[str, Record]
    label = "a mapping"

    def convert(self, node: _Node, ctx: _Context) -> Row:
        if not isinstance(node.value, dict):
            ctx.problem(node, f"expected a mapping, found {_shape(node)}")
            raise _Invalid
        tags = [name for name in node.value if name in self.records]
        if len(tags) != 1:
            ctx.problem(node, f"expected exactly one of {', '.join(self.records)}; found {tags or 'none'}")
            raise _Invalid
        row = self.records[tags[0]].convert(node, ctx)
        row["kind"] = tags[0]
        return row


def _shape(node: _Node) -> str:
    if node.value is None:
        return "nothing"
    if isinstance(node.value, list):
        return "a list"
    if isinstance(node.value, dict):
        return "a mapping"
    return repr(node.value)


def _hint(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- reading ----------------------------------------------------------------------------------


def _from_yaml(node: yaml.Node, ctx: _Context) -> _Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return _Node(None if node.tag == "tag:yaml.org,2002:null" else str(node.value), line)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_from_yaml(child, ctx) for child in node.value], line)
    assert isinstance(node, yaml.MappingNode)
    mapping: dict[str, _Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        value = _from_yaml(value_node, ctx)
        if key in mapping:
            ctx.problem(value, f"field {key!r} is given twice")
        mapping[key] = value
    return _Node(mapping, line)


def _read(path: Path, ctx: _Context) -> _Node | None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".csv":
        reader = csv.DictReader(text.splitlines(keepends=True), strict=True)
        rows = []
        for record in reader:
            line = reader.line_num
            if None in record or any(value is None for value in record.values()):
                ctx.problems.append((Where(ctx.file, line), "the row does not have one value per column"))
                continue
            rows.append(_Node({name: _Node(value, line) for name, value in record.items()}, line))
        return _Node(rows, 1)
    try:
        composed = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        line = (error.problem_mark.line + 1) if error.problem_mark else 1
        ctx.problems.append((Where(ctx.file, line), f"not valid YAML: {error.problem}"))
        return None
    return _Node({}, 1) if composed is None else _from_yaml(composed, ctx)


def _display(path: Path) -> str:
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def load_files(
    root: Path,
    schemas: Mapping[str, _Type],
    *,
    required: Iterable[str] = (),
    known: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, Any]:
    """Read every file under ``root`` that a schema pattern matches (``tasks/*.yaml``), check it,
    then check every reference; return the checked data by file name (relative to ``root``).

    A file no schema matches is refused (a misnamed file would otherwise be silently ignored), and
    so is a ``required`` file that is not there; ``known`` adds keys defined outside the data
    (none today). Raises ``DataError``.
    """
    ctx = _Context()
    for name in required:
        if not (root / name).is_file():
            ctx.problems.append((Where(_display(root / name), 0), "the file is missing"))
    for kind, values in (known or {}).items():
        for value in values:
            ctx.defined.setdefault(kind, {})[value] = Where("(built in)", 0)
    data: dict[str, Any] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        ctx.file = _display(path)
        matching = [pattern for pattern in schemas if fnmatch.fnmatchcase(name, pattern)]
        if not matching:
            ctx.problems.append((Where(ctx.file, 1), f"no schema reads this file ({', '.join(schemas)})"))
            continue
        node = _read(path, ctx)
        if node is None:
            continue
        try:
            data[name] = schemas[matching[0]].convert(node, ctx)
        except _Invalid:
            continue
    for kind, value, where in ctx.refs:
        defined = ctx.defined.get(kind, {})
        if value not in defined:
            ctx.problems.append((where, f"unknown {kind} {value!r}{_hint(value, defined)}"))
    if ctx.problems:
        raise DataError(ctx.problems)
    return data
