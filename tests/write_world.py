"""The objects the write matrix (tests/test_permission_writes.py) acts on, built once per module.

Every actor of the cast is tried on the objects of four units, by their relation to his own unit:

    relation   the unit                          e.g. for dung (culture)
    own        the actor's unit                  culture: the task it leads, those it assigned
    parent     the unit above it                 city_state: the task it leads, those it
                                                 assigned (to culture: dung's own work)
    sibling    a unit beside it (same parent)    info
    outsider   a unit of the other province      outsider_state (ours, culture, for olga)

ad (no unit) and anonymous visitors are tried on culture's four (culture, city_state, info,
outsider_state). Two units are added to the cast so that every actor has a sibling: the district's
Party committee beside bao's UBND, and the outsider province's Party committee beside olga's.

For every such unit U the world holds (``Target``):
- a plan ``document`` issued by U, with an ``attachment``;
- ``task_led``: a task U leads, assigned by U's parent (the superior assigns down; a root
  assigns its own), from the parent's document: the lead side's moves (start, report done,
  return, progress, extension request, lead person, instruction) act on it;
- five tasks U assigned, from its own document, to the first unit below it (``child_unit``; a
  unit with none assigns to itself), with the other units below U coordinating (so that a
  sibling of the lead unit sees them, as it does in a city), in the states the assigner's moves
  need: ``task_open``
  (assigned: edit, cancel, chase-up), ``task_pending`` (in progress, with a progress report and
  its ``evidence``, and an ``extension`` request awaiting a decision), ``task_reported`` (done:
  accept, rework), ``task_returned`` (reassign) and ``task_accepted`` (reopen);
- a ``clerk`` (an official of U, so that every unit has a person: ``person`` for the lead-person
  moves) and a ``notification`` to that clerk. For the ``own`` relation the notice is the actor's
  own;
- an API ``token`` of the clerk (a token belongs to a person: "parent", "sibling" and "outsider"
  are the tokens of a person of that unit). For the ``own`` relation it is the actor's own token
  (ad's own for ad; the anonymous visitor gets culture's clerk's);
- its inspection records (tests/write_world_inspections.py): U as an inspecting body, with its
  plan and a planned inspection of the unit below it; and an inspection of U and its clerk by the
  Standing Committee, a finding about the clerk with its evidence, U's conclusion, and U's
  discipline decision about the clerk (in ``figures``, by name);
- a ``report`` of U, made and ready to issue (tests/write_world_reports.py);
- U's current month of the monthly evaluation, every official's evaluation decided, and the
  clerk's evaluation (tests/write_world_monthly.py);
- a ranking index U owns, with its method of 2023 and U's first subunit scored
  (tests/write_world_rankings.py);
- an ``unlock_key``: the key of a live one-time unlock link (ADR 0019) of the clerk. The key is
  the credential (whoever holds the link lifts the lock, signed in or not), so the relation only
  says whose lock it is; the actors' own accounts get no link, so that their own "unlock request"
  writes one.

Every actor of the cast gets an e-mail address, so that an unlock request for him writes a link
and sends it (without one it writes nothing: no write to test).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from mandate.documents import services as document_services
from mandate.documents.models import Document, DocumentType
from mandate.notifications import services as notification_services
from mandate.organisations import services as unit_services
from mandate.organisations.models import OrgUnit
from mandate.people import credentials
from mandate.people.models import SignInUnlock, User
from mandate.tasks.models import ExtensionRequest, Task
from mandate.tasks.services import assignment, lifecycle, progress
from tests.write_world_evaluations_annual import annual_objects
from tests.write_world_indicators import indicator_objects
from tests.write_world_inspections import inspecting_body, inspection_objects
from tests.write_world_monthly import month_code, monthly_objects
from tests.write_world_proposals import proposal_objects_below
from tests.write_world_rankings import ranking_objects
from tests.write_world_reports import report_objects

PDF = b"%PDF-1.4\n%%EOF\n"
DEADLINE = dt.date(2031, 1, 1)

ACTORS = ("van", "chanh", "dung", "oanh", "vera", "tin", "vp", "bao", "olga", "ad", "anonymous")
RELATIONS = ("own", "parent", "sibling", "outsider")
REFERENCE = ("culture", "city_state", "info", "outsider_state")  # for ad and anonymous

RELATION_UNITS: dict[str, tuple[str, str, str, str]] = {
    "van": ("party_office", "city_party", "standing", "outsider_state"),
    "chanh": ("party_office", "city_party", "standing", "outsider_state"),
    "dung": ("culture", "city_state", "info", "outsider_state"),
    "vera": ("culture", "city_state", "info", "outsider_state"),
    "oanh": ("culture_office", "culture", "culture_party", "outsider_state"),
    "tin": ("info", "city_state", "culture", "outsider_state"),
    "vp": ("state_office", "city_state", "info", "outsider_state"),
    "bao": ("district_state", "district", "district_party", "outsider_state"),
    "olga": ("outsider_state", "outsider", "outsider_party", "culture"),
    "ad": REFERENCE,
    "anonymous": REFERENCE,
}

TASK_STATES = ("open", "pending", "reported", "returned", "accepted")


@dataclass(frozen=True)
class Target:
    """The ids (and versions) of one unit's objects, as the bodies and URLs name them."""

    unit_key: str
    unit: int
    unit_version: int
    parent_unit: int
    child_unit: int  # the lead unit of the tasks the unit assigns
    me_unit: int  # the actor's own unit (culture for ad and anonymous)
    document: int
    document_version: int
    assigner_document: int  # the document the unit's tasks come from (its parent's)
    attachment: int
    task_led: int
    task_open: int
    task_pending: int
    task_reported: int
    task_returned: int
    task_accepted: int
    extension: int
    evidence: int
    person: int
    notification: int
    token: int
    unlock_key: str
    versions: dict[str, int] = field(default_factory=dict)  # task attribute -> version
    # The indicator and inspection objects (tests/write_world_indicators.py,
    # tests/write_world_inspections.py): ids and versions by name.
    figures: dict[str, int] = field(default_factory=dict)

    def version(self, task_attribute: str) -> int:
        return self.versions[task_attribute]

    def ids(self) -> dict[str, int | str]:
        """The values a URL may name: the ids, the unlock link's key, a period's code (periods are
        the same for every unit), a report's format and chart."""
        values = {name: value for name, value in vars(self).items() if isinstance(value, int)}
        named = {
            "unlock_key": self.unlock_key,
            "period_code": "N09-2023-C09",
            "evaluation_month": month_code(),
            "signal_code": "not_updated",
        }
        return values | self.figures | named | {"report_format": "docx", "report_chart": "done"}


@dataclass
class World:
    cast: SimpleNamespace
    targets: dict[str, Target]  # by unit key
    notices: dict[str, int]  # the actor's own notice, by username
    tokens: dict[str, int]  # the actor's own API token, by username
    clients: dict[str, APIClient]  # by actor; anonymous has a client without a session

    def target(self, actor: str, relation: str) -> Target:
        """The objects of the unit in that relation to the actor (``-``: his own)."""
        relation = "own" if relation == "-" else relation
        key = RELATION_UNITS[actor][RELATIONS.index(relation)]
        target = replace(self.targets[key], me_unit=self.targets[RELATION_UNITS[actor][0]].unit)
        if relation == "own" and actor in self.notices:
            target = replace(target, notification=self.notices[actor], token=self.tokens[actor])
        return target

    def user(self, actor: str) -> User | None:
        user: User | None = None if actor == "anonymous" else getattr(self.cast, actor)
        return user


def _add_units(cast: SimpleNamespace) -> None:
    from mandate.organisations.tests.factories import UnitFactory

    cast.district_party = UnitFactory.create(
        parent=cast.district, name="Huyện ủy Mẫu", kind="party", level="district", code="HU"
    )
    cast.outsider_party = UnitFactory.create(
        parent=cast.outsider, name="Tỉnh ủy Khác", kind="party", level="city", code="TU"
    )


def _assigner(unit: OrgUnit) -> OrgUnit:
    """The unit above, which assigns the unit's own task; for a root, the first other root."""
    parent: OrgUnit | None = OrgUnit.objects.filter(path=unit.parent_path).first() if unit.depth > 1 else None
    if parent is None:
        parent = OrgUnit.objects.filter(depth=1).exclude(pk=unit.pk).order_by("path").first()
    assert parent is not None
    return parent


def _document(unit: OrgUnit, number: int) -> Document:
    document = document_services.document_register(
        actor=None,
        document_type=DocumentType.objects.get(slug="ke-hoach"),
        symbol=f"{number}-KH/M{number}",
        issuing_unit=unit,
        issued_on=dt.date(2023, 2, 14),
        title=f"Kế hoạch của {unit.name}",
    )
    return document


def _child(unit: OrgUnit) -> OrgUnit:
    """The first unit below; a unit with none is given one, since a unit does not assign a task
    to itself (``tasks.policy.assignment_refusal``)."""
    from mandate.organisations.tests.factories import UnitFactory

    child: OrgUnit | None = (
        OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path").first()
    )
    if child is None:
        child = UnitFactory.create(
            parent=unit, name=f"Tổ giúp việc {unit.name}", kind=unit.kind, level="office"
        )
        # It ends before the days the writes retire or merge its unit on, which it must not hold up.
        unit_services.unit_retire(actor=None, unit=child, last_day=dt.date(2029, 12, 31), reason="Tạm thời")
    return child


def _coordinating(lead: OrgUnit, assigner: OrgUnit) -> list[OrgUnit]:
    """The lead unit's siblings under the assigner coordinate (they see the task)."""
    if lead == assigner:
        return []
    below = OrgUnit.objects.filter(path__startswith=assigner.path, depth=assigner.depth + 1)
    return list(below.exclude(pk=lead.pk).order_by("path"))


def _task(ad: User, lead: OrgUnit, assigner: OrgUnit, document: Document, state: str) -> Task:
    """Assigned and moved by the administrator (a report needs a reporter)."""
    task = assignment.task_assign(
        actor=ad,
        document=document,
        content=f"Việc ({state}) của {lead.name}, do {assigner.name} giao",
        lead_unit=lead,
        assigner_unit=assigner,
        coordinating_units=_coordinating(lead, assigner) if state != "led" else [],
        deadline_on=DEADLINE,
    )

    def move(action: str) -> None:
        nonlocal task
        task = lifecycle.task_transition(
            actor=ad, task=task, action=action, expected_version=task.version, reason="Lý do"
        )

    if state == "pending":
        move("start")
        progress.task_report_progress(
            actor=ad, task=task, percent=20, text="Đang làm", files=[SimpleUploadedFile("bc.pdf", PDF)]
        )
        task.refresh_from_db()
        progress.extension_request(
            actor=ad, task=task, proposed_deadline_on=dt.date(2031, 6, 1), reason="Chờ kinh phí"
        )
    elif state == "reported":
        move("report_done")
    elif state == "returned":
        move("return")
    elif state == "accepted":
        move("report_done")
        move("accept")
    task.refresh_from_db()
    return task


def _clerk(unit_key: str, unit: OrgUnit) -> User:
    from mandate.people.tests.factories import AccountFactory

    return AccountFactory.create(
        username=f"clerk_{unit_key}",
        full_name=f"Văn Thư {unit_key}",
        position={"unit": unit, "title": "Văn thư", "role": "official"},
    )


def _notice(user: User) -> int:
    notice = notification_services.notify(recipients=[user], kind="other", title="Thông báo")[0]
    return int(notice.pk)


def _token(user: User) -> int:
    token, _key = credentials.api_token_issue(actor=user, name=f"Máy của {user.username}")
    return int(token.pk)


def _unlock_key(user: User, index: int) -> str:
    """A live unlock link, made as ``credentials.sign_in_unlock_request`` makes one (which mails the
    key and returns nothing); it lives a day, so that a slow run does not see it expire."""
    key = f"unlock-{index}-{user.username}"
    SignInUnlock.objects.create(
        user=user,
        key_hash=credentials.key_hash(key),
        expires_at=timezone.now() + dt.timedelta(days=1),
        requested_from="127.0.0.1",
    )
    return key


def _give_addresses(cast: SimpleNamespace) -> None:
    for actor in ACTORS:
        if actor != "anonymous":
            User.objects.filter(pk=getattr(cast, actor).pk).update(email=f"{actor}@mandate.test")
            getattr(cast, actor).refresh_from_db(fields=["email"])


def build_world(cast: SimpleNamespace) -> World:
    _add_units(cast)
    _give_addresses(cast)
    keys = sorted({key for units in RELATION_UNITS.values() for key in units})
    units: dict[str, OrgUnit] = {key: getattr(cast, key) for key in keys}
    documents: dict[int, Document] = {}
    for number, unit in enumerate([*units.values(), cast.city], start=1):
        documents[unit.pk] = _document(unit, number)
    targets: dict[str, Target] = {}
    body = inspecting_body(cast.standing, cast.city)
    for key, unit in units.items():
        document = documents[unit.pk]
        attachment = document_services.attachment_add(
            actor=None, document=document, upload=SimpleUploadedFile("ke-hoach.pdf", PDF)
        )
        from_document = documents[_assigner(unit).pk]
        led = _task(cast.ad, unit, _assigner(unit), from_document, "led")
        child = _child(unit)
        tasks = {state: _task(cast.ad, child, unit, document, state) for state in TASK_STATES}
        extension = ExtensionRequest.objects.get(task=tasks["pending"])
        clerk = _clerk(key, unit)
        document.refresh_from_db()
        unit.refresh_from_db()
        index = len(targets)
        targets[key] = Target(
            unit_key=key,
            unit=unit.pk,
            unit_version=unit.version,
            parent_unit=_assigner(unit).pk,
            child_unit=child.pk,
            me_unit=unit.pk,
            document=document.pk,
            document_version=document.version,
            assigner_document=from_document.pk,
            attachment=attachment.pk,
            task_led=led.pk,
            task_open=tasks["open"].pk,
            task_pending=tasks["pending"].pk,
            task_reported=tasks["reported"].pk,
            task_returned=tasks["returned"].pk,
            task_accepted=tasks["accepted"].pk,
            extension=extension.pk,
            evidence=tasks["pending"].progress_reports.get().evidence.get().pk,
            person=clerk.person.pk,
            notification=_notice(clerk),
            token=_token(clerk),
            unlock_key=_unlock_key(clerk, index),
            versions={f"task_{state}": task.version for state, task in tasks.items()}
            | {"task_led": led.version, "extension": extension.version},
            figures=indicator_objects(key, unit, _assigner(unit), child)
            | inspection_objects(key, unit, child, clerk.person, body)
            | report_objects(unit, cast.ad)
            | monthly_objects(unit, clerk.person)
            | annual_objects(unit, clerk.person, cast.ad)
            | proposal_objects_below(unit, child)
            | ranking_objects(key, unit, child),
        )
    people = [actor for actor in ACTORS if actor != "anonymous"]
    notices = {actor: _notice(getattr(cast, actor)) for actor in people}
    tokens = {actor: _token(getattr(cast, actor)) for actor in people}
    return World(cast=cast, targets=targets, notices=notices, tokens=tokens, clients=_clients(cast))


def _clients(cast: SimpleNamespace) -> dict[str, APIClient]:
    """One client per actor, signed in once for the module (the session row and ``last_login``
    are part of the starting state)."""
    clients: dict[str, APIClient] = {}
    for actor in ACTORS:
        client = APIClient()
        if actor != "anonymous":
            user: Any = getattr(cast, actor)
            client.force_login(user)
            client.force_authenticate(user=user)
        clients[actor] = client
    return clients
