"""Loading the annual rule sets from their file into versioned rows, and choosing the one in force
(issue 14 item 3, R6; ADR 0053).

Why a loader that refuses the whole file on any error: a rule set half loaded would classify some
people under a rule nobody checked. The same file twice changes nothing; a rule set gone from the
file is retired, never deleted (the classifications made under it keep pointing at it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.audit import Actor
from mandate.core.concurrency import bump_version
from mandate.core.exceptions import ApplicationError
from mandate.evaluations.models.annual import AnnualRuleSet, AnnualSubjectKind
from mandate.evaluations.rule_sets import RuleError, RuleSet, parse_rules, rules_as_json

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "rule_sets" / "annual.yaml"
HEADER = (
    "subject_kinds",
    "source_document",
    "source_title",
    "source_title_en",
    "source_url",
    "valid_from",
    "valid_to",
    "to_verify",
    "to_verify_note",
    "to_verify_note_en",
    "rules",
)


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as err:
        raise RuleError(f"{where}: “{value}” is not a date (yyyy-mm-dd).") from err


def _entry(row: Any, index: int) -> dict[str, Any]:
    where = f"rule set {index + 1}"
    if not isinstance(row, dict) or not row.get("key"):
        raise RuleError(f"{where}: an entry with its “key”.")
    where = f"rule set “{row['key']}”"
    kinds = row.get("kinds") or []
    if not kinds or any(kind not in AnnualSubjectKind.values for kind in kinds):
        raise RuleError(f"{where}: “kinds” among {', '.join(AnnualSubjectKind.values)}.")
    valid_from = _date(row.get("valid_from"), where)
    valid_to = _date(row["valid_to"], where) if row.get("valid_to") else None
    if valid_to is not None and valid_to < valid_from:
        raise RuleError(f"{where}: “valid_to” is before “valid_from”.")
    to_verify = bool(row.get("to_verify", False))
    if to_verify and not (row.get("to_verify_note") and row.get("to_verify_note_en")):
        raise RuleError(f"{where}: a rule set to verify says what to verify in both languages.")
    for key in ("source_document", "source_title", "source_title_en"):
        if not str(row.get(key) or "").strip():
            raise RuleError(f"{where}: “{key}” is required.")
    rules: RuleSet = parse_rules(row, where)
    return {
        "key": str(row["key"]),
        "subject_kinds": sorted(kinds),
        "source_document": str(row["source_document"]).strip(),
        "source_title": str(row["source_title"]).strip(),
        "source_title_en": str(row["source_title_en"]).strip(),
        "source_url": str(row.get("source_url") or ""),
        "valid_from": valid_from,
        "valid_to": valid_to,
        "to_verify": to_verify,
        "to_verify_note": str(row.get("to_verify_note") or ""),
        "to_verify_note_en": str(row.get("to_verify_note_en") or ""),
        "rules": rules_as_json(rules),
    }


def _overlaps(entries: list[dict[str, Any]]) -> None:
    """Two rule sets for the same kind in force on the same day would make the choice arbitrary."""
    far = dt.date.max
    for i, first in enumerate(entries):
        for second in entries[i + 1 :]:
            shared = set(first["subject_kinds"]) & set(second["subject_kinds"])
            if (
                shared
                and first["valid_from"] <= (second["valid_to"] or far)
                and second["valid_from"] <= (first["valid_to"] or far)
            ):
                raise RuleError(
                    f"rule sets “{first['key']}” and “{second['key']}” are both in force for "
                    f"{', '.join(sorted(shared))} on some day."
                )


def parse_file(text: str) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise RuleError(f"the file is not YAML: {err}") from err
    if not isinstance(data, dict) or not isinstance(data.get("rule_sets"), list):
        raise RuleError("the file has a “rule_sets” list.")
    entries = [_entry(row, i) for i, row in enumerate(data["rule_sets"])]
    keys = [e["key"] for e in entries]
    if len(set(keys)) != len(keys):
        raise RuleError("two rule sets have the same key.")
    _overlaps(entries)
    return entries


def annual_rule_sets_load(*, actor: Actor | None, text: str | None = None) -> LoadResult:
    """Make the rows match the file (the app's own by default), all or nothing, each change
    audited. ``actor`` is None for the system (a migration, the demo)."""
    try:
        entries = parse_file(DEFAULT_FILE.read_text(encoding="utf-8") if text is None else text)
    except RuleError as err:
        raise ApplicationError(
            _("The rule sets were not loaded: %(error)s") % {"error": err}, code="invalid_rule_sets"
        ) from err
    result = LoadResult()
    with transaction.atomic():
        existing = {rs.key: rs for rs in AnnualRuleSet.objects.select_for_update()}
        for entry in entries:
            row = existing.pop(entry["key"], None)
            if row is None:
                row = AnnualRuleSet(**entry)
                row.full_clean()
                row.save()
                audit.record(actor=actor, action="evaluations.rule_set_load", target=row, after=_snap(row))
                result.created.append(row.key)
                continue
            before = _snap(row)
            for key in HEADER:
                setattr(row, key, entry[key])
            row.retired_at = None
            if _snap(row) != before:
                bump_version(row)
                row.full_clean()
                row.save()
                audit.record(
                    actor=actor,
                    action="evaluations.rule_set_change",
                    target=row,
                    before=before,
                    after=_snap(row),
                )
                result.changed.append(row.key)
        for row in existing.values():
            if row.retired_at is None:
                row.retired_at = timezone.now()
                bump_version(row)
                row.save()
                audit.record(actor=actor, action="evaluations.rule_set_retire", target=row)
                result.retired.append(row.key)
    return result


def _snap(row: AnnualRuleSet) -> dict[str, Any]:
    return {**audit.snapshot(row, HEADER), "retired": row.retired_at is not None}


def rule_set_for(*, subject_kind: str, year: int) -> AnnualRuleSet:
    """The rule set in force for that kind of subject on the last day of the year classified (the
    year is classified at its end: a rule that took effect during it, as Decree 48/2023 did on
    15/09/2023, governs it). None loaded: refused with the reason."""
    day = dt.date(year, 12, 31)
    candidates = AnnualRuleSet.objects.filter(retired_at__isnull=True, valid_from__lte=day).order_by(
        "-valid_from"
    )
    for rule_set in candidates:
        if subject_kind in rule_set.subject_kinds and (rule_set.valid_to is None or rule_set.valid_to >= day):
            return rule_set
    message = _("No rule set for this kind of subject is in force on %(day)s.") % {"day": f"{day:%d/%m/%Y}"}
    raise ApplicationError(message, code="no_rule_set", fields={"year": [message]})


def rules_of(rule_set: AnnualRuleSet) -> RuleSet:
    return parse_rules(rule_set.rules, rule_set.key)
