"""The signals' thresholds, read from their YAML file by a validating loader (issue 14 item 1;
docs/adr/0051): versions with their first day and source, one entry per registered signal.

Why versions in the file and not numbers in code: a leader must see where a threshold comes from
and whether it is still "to verify", and a past period must be read with the thresholds it was
read with (history is true). Why every value is read as text (``BaseLoader``) and converted here:
YAML guesses types (``no`` is False); the loader says which version and which signal is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from mandate.evaluations.signals_registry import SignalDefinition

FIXED_KEYS = frozenset({"notice_from", "to_verify", "source"})


class ThresholdsError(ValueError):
    """The thresholds file is not what the loader accepts: the message names the place."""


@dataclass(frozen=True)
class Threshold:
    notice_from: int
    params: Mapping[str, int]
    to_verify: bool
    source: str


@dataclass(frozen=True)
class ThresholdVersion:
    valid_from: dt.date
    source: str
    source_en: str
    signals: Mapping[str, Threshold]


def _int(value: Any, where: str) -> int:
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1 or int(text) > 10_000:
        raise ThresholdsError(f"{where}: a whole number from 1 to 10000, not “{value}”.")
    return int(text)


def _flag(value: Any, where: str) -> bool:
    text = str(value).strip().lower()
    if text not in ("true", "false"):
        raise ThresholdsError(f"{where}: true or false, not “{value}”.")
    return text == "true"


def _day(value: Any, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as err:
        raise ThresholdsError(f"{where}: a day written YYYY-MM-DD, not “{value}”.") from err


def _threshold(raw: Any, where: str, definition: SignalDefinition) -> Threshold:
    if not isinstance(raw, dict):
        raise ThresholdsError(f"{where}: a mapping of the signal's thresholds.")
    unknown = set(raw) - FIXED_KEYS - set(definition.parameters)
    if unknown:
        raise ThresholdsError(f"{where}: unknown keys {sorted(unknown)}.")
    missing = {"notice_from", *definition.parameters} - set(raw)
    if missing:
        raise ThresholdsError(f"{where}: missing {sorted(missing)}.")
    return Threshold(
        notice_from=_int(raw["notice_from"], f"{where}.notice_from"),
        params={name: _int(raw[name], f"{where}.{name}") for name in definition.parameters},
        to_verify=_flag(raw.get("to_verify", "false"), f"{where}.to_verify"),
        source=str(raw.get("source", "")).strip(),
    )


def parse_thresholds(
    text: str, definitions: Iterable[SignalDefinition], *, name: str
) -> tuple[ThresholdVersion, ...]:
    """The versions of ``text``, checked against ``definitions`` (those whose file it is): every
    version gives every one of them, nothing else, in ascending order of first day."""
    by_code = {d.code: d for d in definitions}
    try:
        raw = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506  # BaseLoader builds only strings
    except yaml.YAMLError as err:
        raise ThresholdsError(f"{name}: not YAML ({err}).") from err
    if not isinstance(raw, dict) or not isinstance(raw.get("versions"), list) or not raw["versions"]:
        raise ThresholdsError(f"{name}: a list of versions under “versions”.")
    versions: list[ThresholdVersion] = []
    for number, item in enumerate(raw["versions"], start=1):
        where = f"{name}: version {number}"
        if not isinstance(item, dict) or not isinstance(item.get("signals"), dict):
            raise ThresholdsError(f"{where}: valid_from, source and signals.")
        valid_from = _day(item.get("valid_from", ""), f"{where}.valid_from")
        source = str(item.get("source", "")).strip()
        if not source:
            raise ThresholdsError(f"{where}: the source of the thresholds.")
        if versions and valid_from <= versions[-1].valid_from:
            raise ThresholdsError(f"{where}: its first day comes after the version before it.")
        codes = set(item["signals"])
        if codes != set(by_code):
            missing, unknown = sorted(set(by_code) - codes), sorted(codes - set(by_code))
            raise ThresholdsError(f"{where}: signals {missing} missing, {unknown} unknown.")
        signals = {
            code: _threshold(item["signals"][code], f"{where}.{code}", by_code[code])
            for code in sorted(codes)
        }
        versions.append(
            ThresholdVersion(valid_from, source, str(item.get("source_en", source)).strip(), signals)
        )
    return tuple(versions)


@cache
def _versions(path: Path, codes: frozenset[str]) -> tuple[ThresholdVersion, ...]:
    from mandate.evaluations.signals_registry import definition_of

    definitions = [d for code in codes if (d := definition_of(code)) is not None]
    return parse_thresholds(path.read_text(encoding="utf-8"), definitions, name=path.name)


def versions_of(path: Path, definitions: Iterable[SignalDefinition]) -> tuple[ThresholdVersion, ...]:
    """The versions of one file, for the signals registered with it (read once per process)."""
    return _versions(path, frozenset(d.code for d in definitions if d.data_file == path))


def version_on(versions: tuple[ThresholdVersion, ...], day: dt.date) -> ThresholdVersion:
    """The version in force on ``day``; before the first one, the first (the page names its first
    day, so a reader of an earlier period sees that the thresholds came later)."""
    current = versions[0]
    for version in versions:
        if version.valid_from <= day:
            current = version
    return current
