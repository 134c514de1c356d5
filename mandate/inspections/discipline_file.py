"""The discipline rules file (``inspections/data/discipline_rules.yaml``) read into checked specs.

The file names each form once (``forms``), then the *rule sets*: a source (document, article,
where it was read), its period, its "to verify" mark and, for each kind of subject it covers,
its forms from the lightest to the heaviest (the order is the severity). Then the deferral
reasons, each with the rule of its end. Two rule sets may not cover one kind of subject on the
same day: the forms in force on a day must be one list. Every problem is reported with its line
and nothing is loaded (``FileRefused``). No ORM here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from mandate.inspections.enums import DeferralEnd, DisciplineSystem, SubjectKind
from mandate.inspections.file_fields import Fields
from mandate.inspections.file_reading import (
    Cell,
    FileRefused,
    Node,
    Place,
    Problems,
    Record,
    decode_text,
    yaml_records,
    yaml_tree,
)

FORM_FIELDS = ("code", "name", "name_en")
SOURCE_FIELDS = ("source_document", "source_article", "source_url", "valid_from", "valid_to", "to_verify",
                 "to_verify_note", "to_verify_note_en")  # fmt: skip
RULE_SET_FIELDS = ("key", "system", "source_title", "source_title_en", *SOURCE_FIELDS)
DEFERRAL_FIELDS = ("code", "name", "name_en", "end_rule", "months", "end_rule_text", "end_rule_text_en",
                   "waivable", *SOURCE_FIELDS)  # fmt: skip


@dataclass(frozen=True)
class FormSpec:
    subject_kind: str
    code: str
    name: str
    name_en: str
    severity: int
    note: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class RuleSetSpec:
    key: str
    system: str
    source_document: str
    source_title: str
    source_title_en: str
    source_article: str
    source_url: str
    valid_from: dt.date
    valid_to: dt.date | None
    to_verify: bool
    to_verify_note: str
    to_verify_note_en: str
    forms: tuple[FormSpec, ...]


@dataclass(frozen=True)
class DeferralSpec:
    code: str
    name: str
    name_en: str
    end_rule: str
    months: int | None
    end_rule_text: str
    end_rule_text_en: str
    subject_kinds: tuple[str, ...]
    waivable: bool
    source_document: str
    source_article: str
    source_url: str
    valid_from: dt.date
    valid_to: dt.date | None
    to_verify: bool
    to_verify_note: str
    to_verify_note_en: str


@dataclass(frozen=True)
class RulesSpec:
    rule_sets: tuple[RuleSetSpec, ...]
    deferrals: tuple[DeferralSpec, ...]

    @property
    def row_count(self) -> int:
        return len(self.rule_sets) + sum(len(r.forms) for r in self.rule_sets) + len(self.deferrals)

    def content_sha256(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_rules(data: bytes) -> RulesSpec:
    root = yaml_tree(decode_text(data))
    if not isinstance(root.value, dict):
        raise FileRefused(
            [(Place(line=root.line), _("The file holds the keys forms, rule_sets and deferral_reasons."))]
        )
    problems = Problems()
    for key, node in root.value.items():
        if key not in ("forms", "rule_sets", "deferral_reasons"):
            problems.add(Place(line=node.line), _("Unknown key “%(key)s”.") % {"key": key})
    names = _form_names(root.value.get("forms"), problems)
    placed: list[tuple[RuleSetSpec, Place]] = []
    for node in _items(root.value.get("rule_sets"), problems):
        spec = _rule_set(node, names, problems)
        if spec is not None:
            placed.append((spec, Place(line=node.line)))
    _refuse_twice([(spec.key, place) for spec, place in placed], problems)
    _refuse_overlaps(placed, problems)
    deferrals: list[DeferralSpec] = []
    deferral_places: list[tuple[str, Place]] = []
    for node in _items(root.value.get("deferral_reasons"), problems):
        deferral = _deferral(node, problems)
        if deferral is not None:
            deferrals.append(deferral)
            deferral_places.append((deferral.code, Place(line=node.line)))
    _refuse_twice(deferral_places, problems)
    problems.raise_any()
    return RulesSpec(rule_sets=tuple(spec for spec, _place in placed), deferrals=tuple(deferrals))


def _refuse_twice(keys: list[tuple[str, Place]], problems: Problems) -> None:
    first: dict[str, Place] = {}
    for key, place in keys:
        if key in first:
            problems.add(
                place, _("“%(key)s” is used twice (first at %(place)s).") % {"key": key, "place": first[key]}
            )
        else:
            first[key] = place


def _items(node: Node | None, problems: Problems) -> list[Node]:
    if node is None or node.value is None:
        return []
    if not isinstance(node.value, list):
        problems.add(Place(line=node.line), _("A list is expected here."))
        return []
    return list(node.value)


def _form_names(node: Node | None, problems: Problems) -> dict[str, tuple[str, str]]:
    names: dict[str, tuple[str, str]] = {}
    first: dict[str, Place] = {}
    for record in yaml_records(node or Node(None, 1), "form", problems):
        fields = Fields(record, problems, FORM_FIELDS)
        code = fields.code("code", limit=40)
        if code in first:
            problems.add(
                fields.place("code"),
                _("The form “%(code)s” is named twice (first at %(place)s).")
                % {"code": code, "place": first[code]},
            )
            continue
        first[code] = fields.place("code")
        names[code] = (
            fields.text("name", required=True, limit=200),
            fields.text("name_en", required=True, limit=200),
        )
    return names


def _scalars(
    node: Node, kind: str, nested: tuple[str, ...], problems: Problems
) -> tuple[Record, dict[str, Node]]:
    cells: dict[str, Cell] = {}
    inner: dict[str, Node] = {}
    for key, value in node.value.items():
        if key in nested:
            inner[key] = value
        elif isinstance(value.value, list | dict):
            problems.add(
                Place(line=value.line), _("“%(field)s” takes one value, not a list.") % {"field": key}
            )
        else:
            cells[key] = Cell(value.value, Place(line=value.line))
    return Record(kind, Place(line=node.line), cells), inner


def _source(fields: Fields, problems: Problems) -> dict[str, object]:
    valid_from = fields.day("valid_from", required=True)
    valid_to = fields.day("valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        problems.add(fields.place("valid_to"), _("The last day comes before the first."))
    to_verify = fields.flag("to_verify")
    note = fields.text("to_verify_note", limit=2000)
    note_en = fields.text("to_verify_note_en", limit=2000)
    if to_verify and not (note and note_en):
        problems.add(
            fields.place("to_verify"),
            _("Say what is to be verified, in to_verify_note and to_verify_note_en."),
        )
    return {
        "source_document": fields.text("source_document", required=True, limit=60),
        "source_article": fields.text("source_article", limit=60),
        "source_url": fields.text("source_url", limit=500),
        "valid_from": valid_from,
        "valid_to": valid_to,
        "to_verify": to_verify,
        "to_verify_note": note,
        "to_verify_note_en": note_en,
    }


def _rule_set(node: Node, names: dict[str, tuple[str, str]], problems: Problems) -> RuleSetSpec | None:
    if not isinstance(node.value, dict):
        problems.add(Place(line=node.line), _("A mapping of fields (name: value) is expected here."))
        return None
    record, inner = _scalars(node, "rule_set", ("kinds",), problems)
    fields = Fields(record, problems, (*RULE_SET_FIELDS, "kinds"))
    values = {
        "key": fields.code("key", limit=60),
        "system": fields.choice("system", tuple(DisciplineSystem.values)),
        "source_title": fields.text("source_title", required=True),
        "source_title_en": fields.text("source_title_en", required=True),
        **_source(fields, problems),
    }
    forms = _kinds(inner.get("kinds"), names, problems, record.place)
    if values["valid_from"] is None:
        return None
    return RuleSetSpec(forms=tuple(forms), **values)  # type: ignore[arg-type]


def _kinds(
    node: Node | None, names: dict[str, tuple[str, str]], problems: Problems, place: Place
) -> list[FormSpec]:
    if node is None or not isinstance(node.value, dict) or not node.value:
        problems.add(place, _("Name the kinds of subject and their forms under “kinds”."))
        return []
    forms: list[FormSpec] = []
    for kind, items in node.value.items():
        if kind not in SubjectKind.values:
            problems.add(
                Place(line=items.line),
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": kind, "choices": ", ".join(SubjectKind.values)},
            )
            continue
        seen: set[str] = set()
        for severity, item in enumerate(_items(items, problems), start=1):
            code, note, note_en = _form_item(item, problems)
            if code is None:
                continue
            if code not in names:
                problems.add(
                    Place(line=item.line),
                    _("The form “%(code)s” is not named under “forms”.") % {"code": code},
                )
                continue
            if code in seen:
                problems.add(
                    Place(line=item.line), _("The form “%(code)s” is listed twice here.") % {"code": code}
                )
                continue
            seen.add(code)
            forms.append(FormSpec(kind, code, *names[code], severity=severity, note=note, note_en=note_en))
    return forms


def _form_item(item: Node, problems: Problems) -> tuple[str | None, str, str]:
    """A form of a kind: its code, or a mapping with ``form`` and a note (e.g. "if he holds a post")."""
    if isinstance(item.value, str):
        return item.value.strip(), "", ""
    if isinstance(item.value, dict):
        record, _inner = _scalars(item, "form", (), problems)
        fields = Fields(record, problems, ("form", "note", "note_en"))
        return fields.code("form", limit=40), fields.text("note"), fields.text("note_en")
    problems.add(Place(line=item.line), _("A form's code is expected here."))
    return None, "", ""


def _refuse_overlaps(rule_sets: list[tuple[RuleSetSpec, Place]], problems: Problems) -> None:
    """One list of forms per kind of subject on any day."""
    far = dt.date.max
    for index, (one, one_place) in enumerate(rule_sets):
        for other, place in rule_sets[index + 1 :]:
            kinds = {f.subject_kind for f in one.forms} & {f.subject_kind for f in other.forms}
            if (
                kinds
                and one.valid_from <= (other.valid_to or far)
                and other.valid_from <= (one.valid_to or far)
            ):
                problems.add(
                    place,
                    _(
                        "This rule set and the one at %(place)s both give forms for %(kinds)s on the "
                        "same days."
                    )
                    % {"place": one_place, "kinds": ", ".join(sorted(kinds))},
                )


def _deferral(node: Node, problems: Problems) -> DeferralSpec | None:
    if not isinstance(node.value, dict):
        problems.add(Place(line=node.line), _("A mapping of fields (name: value) is expected here."))
        return None
    record, inner = _scalars(node, "deferral", ("subject_kinds",), problems)
    fields = Fields(record, problems, (*DEFERRAL_FIELDS, "subject_kinds"))
    end_rule = fields.choice("end_rule", tuple(DeferralEnd.values))
    months = fields.number("months", low=1, high=600)
    if end_rule == DeferralEnd.MONTHS_AFTER and months is None:
        problems.add(fields.place("months"), _("Give the number of months after which the deferral ends."))
    kinds: list[str] = []
    for item in _items(inner.get("subject_kinds"), problems):
        if item.value not in SubjectKind.values:
            problems.add(
                Place(line=item.line),
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": item.value, "choices": ", ".join(SubjectKind.values)},
            )
        else:
            kinds.append(str(item.value))
    values = {
        "code": fields.code("code", limit=40),
        "name": fields.text("name", required=True, limit=200),
        "name_en": fields.text("name_en", required=True, limit=200),
        "end_rule": end_rule,
        "months": months,
        "end_rule_text": fields.text("end_rule_text", required=True),
        "end_rule_text_en": fields.text("end_rule_text_en", required=True),
        "subject_kinds": tuple(kinds),
        "waivable": fields.flag("waivable"),
        **_source(fields, problems),
    }
    if values["valid_from"] is None:
        return None
    return DeferralSpec(**values)  # type: ignore[arg-type]
