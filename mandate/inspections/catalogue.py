"""A catalogue file read into a checked ``CatalogueSpec``: one catalogue, its groups, its signs.

The three formats carry the same three kinds of record (docs/adr/0033):

- YAML: the mappings ``catalogue`` and the lists ``groups`` and ``signs``;
- CSV: one table whose column ``record`` says ``catalogue``, ``group`` or ``sign`` on each line;
- Excel: the sheets ``catalogue``, ``groups`` and ``signs``, each with its column names in row 1.

Every problem of the file is collected with its place, and the file is refused whole if there is
one (``FileRefused``): a duplicate code, a sign whose group is missing, a bad date, an unknown
field, a source document that cannot be found (the service looks it up through ``find_source``).
No ORM here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mandate.inspections.enums import SignGroupKind
from mandate.inspections.file_fields import Fields
from mandate.inspections.file_reading import (
    FileRefused,
    Place,
    Problems,
    Record,
    csv_records,
    decode_text,
    file_format,
    xlsx_records,
    yaml_record,
    yaml_records,
    yaml_tree,
)

CATALOGUE_FIELDS = (
    "key", "name", "name_en", "source_document", "source_issued_on", "source_reference",
    "valid_from", "valid_to", "is_example", "note", "note_en",
)  # fmt: skip
GROUP_FIELDS = ("code", "name", "name_en", "kind", "order", "official_count")
SIGN_FIELDS = ("code", "group", "text", "text_en", "order", "valid_from", "valid_to", "basis")
RECORD_KINDS = ("catalogue", "group", "sign")
SHEETS = {"catalogue": "catalogue", "groups": "group", "signs": "sign"}
EXAMPLE_PREFIX = "[Ví dụ]"
EXAMPLE_PREFIX_EN = "[Example]"

# Given the symbol and the issue date written in the file: the source document's id, or the
# message saying why it cannot be used (not found, or several match).
SourceFinder = Callable[[str, dt.date | None], tuple[int | None, str]]


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name: str
    name_en: str
    kind: str
    order: int
    official_count: int | None


@dataclass(frozen=True)
class SignSpec:
    code: str
    group: str
    text: str
    text_en: str
    order: int
    valid_from: dt.date
    valid_to: dt.date | None
    basis: str


@dataclass(frozen=True)
class CatalogueSpec:
    key: str
    name: str
    name_en: str
    source_document_id: int | None
    source_reference: str
    valid_from: dt.date
    valid_to: dt.date | None
    is_example: bool
    note: str
    note_en: str
    groups: tuple[GroupSpec, ...]
    signs: tuple[SignSpec, ...]
    format: str = ""
    places: dict[str, Place] = field(default_factory=dict, compare=False)

    @property
    def row_count(self) -> int:
        return 1 + len(self.groups) + len(self.signs)

    def content_sha256(self) -> str:
        """The checksum of what the file says (not of its bytes): the same catalogue written as
        YAML, CSV or Excel has the same checksum."""
        content = {name: value for name, value in asdict(self).items() if name not in ("format", "places")}
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_catalogue(name: str, data: bytes, *, find_source: SourceFinder) -> CatalogueSpec:
    """The checked catalogue, or ``FileRefused`` with every problem and its place."""
    kind = file_format(name, data)
    if kind is None:
        raise FileRefused(
            [(Place(line=1), _("A catalogue is a .yaml, .csv or .xlsx file (Excel checked by content)."))]
        )
    problems = Problems()
    if kind == "yaml":
        records = _yaml_catalogue(decode_text(data), problems)
    elif kind == "csv":
        records = csv_records(decode_text(data), problems, RECORD_KINDS)
    else:
        records = xlsx_records(data, problems, SHEETS)
    spec = _check(records, problems, find_source, kind)
    problems.raise_any()
    assert spec is not None
    return spec


def _yaml_catalogue(text: str, problems: Problems) -> list[Record]:
    root = yaml_tree(text)
    if not isinstance(root.value, dict):
        raise FileRefused(
            [(Place(line=root.line), _("The file holds the keys catalogue, groups and signs."))]
        )
    for key, node in root.value.items():
        if key not in ("catalogue", "groups", "signs"):
            problems.add(
                Place(line=node.line),
                _("Unknown key “%(key)s”: the file holds catalogue, groups and signs.") % {"key": key},
            )
    records: list[Record] = []
    if "catalogue" in root.value:
        record = yaml_record(root.value["catalogue"], "catalogue", problems)
        if record is not None:
            records.append(record)
    if "groups" in root.value:
        records += yaml_records(root.value["groups"], "group", problems)
    if "signs" in root.value:
        records += yaml_records(root.value["signs"], "sign", problems)
    return records


def _check(
    records: list[Record], problems: Problems, find_source: SourceFinder, kind: str
) -> CatalogueSpec | None:
    headers = [r for r in records if r.kind == "catalogue"]
    if not headers:
        problems.add(Place(line=1), _("The file has no catalogue record (its key, name and dates)."))
        return None
    for extra in headers[1:]:
        problems.add(
            extra.place,
            _("A file holds one catalogue; the first is at %(place)s.") % {"place": headers[0].place},
        )
    head = Fields(headers[0], problems, CATALOGUE_FIELDS)
    key = head.code("key", limit=60)
    catalogue_name = head.text("name", required=True)
    catalogue_name_en = head.text("name_en", required=True)
    valid_from = head.day("valid_from", required=True)
    valid_to = head.day("valid_to")
    is_example = head.flag("is_example")
    if valid_from and valid_to and valid_to < valid_from:
        problems.add(head.place("valid_to"), _("The last day comes before the first."))
    if is_example and not (
        catalogue_name.startswith(EXAMPLE_PREFIX) and catalogue_name_en.startswith(EXAMPLE_PREFIX_EN)
    ):
        problems.add(
            head.place("name"),
            _(
                "An example says so in its name: begin the name with “%(vi)s” and the English name "
                "with “%(en)s”."
            )
            % {"vi": EXAMPLE_PREFIX, "en": EXAMPLE_PREFIX_EN},
        )
    source_id = None
    symbol = head.text("source_document", limit=60)
    issued_on = head.day("source_issued_on")
    if symbol:
        source_id, message = find_source(symbol, issued_on)
        if source_id is None:
            problems.add(head.place("source_document"), message)
    groups = _groups([r for r in records if r.kind == "group"], problems)
    signs = _signs([r for r in records if r.kind == "sign"], problems, groups, valid_from, valid_to)
    if not signs and not problems.items:
        problems.add(headers[0].place, _("The catalogue has no signs."))
    if valid_from is None:
        return None
    return CatalogueSpec(
        key=key,
        name=catalogue_name,
        name_en=catalogue_name_en,
        source_document_id=source_id,
        source_reference=head.text("source_reference"),
        valid_from=valid_from,
        valid_to=valid_to,
        is_example=is_example,
        note=head.text("note", limit=5000),
        note_en=head.text("note_en", limit=5000),
        groups=tuple(groups.values()),
        signs=tuple(signs),
        format=kind,
    )


def _groups(records: list[Record], problems: Problems) -> dict[str, GroupSpec]:
    groups: dict[str, GroupSpec] = {}
    first: dict[str, Place] = {}
    for position, record in enumerate(records, start=1):
        fields = Fields(record, problems, GROUP_FIELDS)
        code = fields.code("code")
        group = GroupSpec(
            code=code,
            name=fields.text("name", required=True, limit=500),
            name_en=fields.text("name_en", required=True, limit=500),
            kind=fields.choice("kind", tuple(SignGroupKind.values), default=SignGroupKind.VIOLATION),
            order=fields.number("order", low=1) or position,
            official_count=fields.number("official_count"),
        )
        if code in first:
            problems.add(
                fields.place("code"),
                _("The group code “%(code)s” is used twice (first at %(place)s).")
                % {"code": code, "place": first[code]},
            )
        elif code:
            first[code] = fields.place("code")
            groups[code] = group
    return groups


def _signs(
    records: list[Record],
    problems: Problems,
    groups: dict[str, GroupSpec],
    valid_from: dt.date | None,
    valid_to: dt.date | None,
) -> list[SignSpec]:
    signs: list[SignSpec] = []
    first: dict[str, Place] = {}
    for position, record in enumerate(records, start=1):
        fields = Fields(record, problems, SIGN_FIELDS)
        code = fields.code("code")
        group = fields.text("group", required=True, limit=30)
        if group and group not in groups:
            problems.add(
                fields.place("group"),
                _("The group “%(group)s” is not in the file's groups (%(groups)s).")
                % {"group": group, "groups": ", ".join(groups) or "—"},
            )
        sign_from = fields.day("valid_from") or valid_from
        sign_to = fields.day("valid_to")
        _check_sign_dates(fields, problems, (sign_from, sign_to), (valid_from, valid_to))
        values: dict[str, Any] = {
            "text": fields.text("text", required=True, limit=2000),
            "text_en": fields.text("text_en", required=True, limit=2000),
            "order": fields.number("order", low=1) or position,
            "basis": fields.text("basis", limit=2000),
        }
        if code in first:
            problems.add(
                fields.place("code"),
                _("The sign code “%(code)s” is used twice (first at %(place)s).")
                % {"code": code, "place": first[code]},
            )
            continue
        if code:
            first[code] = fields.place("code")
        if sign_from is not None:
            signs.append(SignSpec(code=code, group=group, valid_from=sign_from, valid_to=sign_to, **values))
    return signs


def _check_sign_dates(
    fields: Fields,
    problems: Problems,
    sign: tuple[dt.date | None, dt.date | None],
    catalogue: tuple[dt.date | None, dt.date | None],
) -> None:
    (first, last), (catalogue_first, catalogue_last) = sign, catalogue
    if first and last and last < first:
        problems.add(fields.place("valid_to"), _("The last day comes before the first."))
    if first and catalogue_first and first < catalogue_first:
        problems.add(fields.place("valid_from"), _("A sign cannot be in force before its catalogue."))
    if last and catalogue_last and last > catalogue_last:
        problems.add(fields.place("valid_to"), _("A sign cannot be in force after its catalogue."))
