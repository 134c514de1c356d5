"""Accounts, people and positions. Positions decide scopes, so every change is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.organisations.models import OrgUnit
from mandate.people import credentials, permissions
from mandate.people.enums import Language, PositionKind, Role
from mandate.people.models import ApiToken, Person, Position, User
from mandate.people.scopes import forget_scopes

POSITION_FIELDS = [
    "person",
    "unit",
    "scope_unit",
    "title",
    "title_en",
    "role",
    "kind",
    "is_head",
    "is_deputy",
    "on_behalf_of",
    "acts_for",
    "acts_for_basis",
    "valid_from",
    "valid_to",
]
CORRECTABLE_FIELDS = ("title", "title_en", "valid_to", "acts_for", "acts_for_basis")
ADMINISTRATORS_GROUP = "administrators"
ADMINISTRATOR_PERMISSIONS = (
    ("organisations", "manage_structure"),
    ("core", "view_auditentry"),
)


def _require_people_right(actor: User | None) -> None:
    if actor is not None and not permissions.can_manage_people(actor=actor):
        raise PermissionDeniedError(_("Only an administrator may manage accounts and positions."))


def _administrators_group() -> Group:
    group, _created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    for app_label, codename in ADMINISTRATOR_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    for codename in (
        "add_user",
        "change_user",
        "view_user",
        "add_person",
        "change_person",
        "view_person",
        "add_position",
        "change_position",
        "view_position",
        "view_apitoken",
    ):
        group.permissions.add(Permission.objects.get(content_type__app_label="people", codename=codename))
    return group


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    email: str = "",
    is_superuser: bool = False,
    language: str = "",
) -> User:
    _require_people_right(actor)
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(
            _("The user name “%(u)s” is taken.") % {"u": username}, fields={"username": [_("Already taken.")]}
        )
    user = User(
        username=username, email=email, is_superuser=is_superuser, is_staff=is_superuser, language=language
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=actor,
        action="people.user_create",
        target=user,
        after={"username": username, "email": email, "is_superuser": is_superuser},
    )
    return user


@transaction.atomic
def person_create(*, actor: User | None, full_name: str, user: User | None = None) -> Person:
    _require_people_right(actor)
    if not full_name.strip():
        raise ApplicationError(_("Give the person's full name."), fields={"full_name": [_("Required.")]})
    person = Person.objects.create(full_name=full_name.strip(), user=user)
    audit.record(
        actor=actor,
        action="people.person_create",
        target=person,
        after=audit.snapshot(person, ["full_name", "user"]),
    )
    return person


@transaction.atomic
def position_assign(
    *,
    actor: User | None,
    person: Person,
    unit: OrgUnit,
    title: str,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    title_en: str = "",
    scope_unit: OrgUnit | None = None,
    kind: str = PositionKind.REGULAR,
    is_head: bool = False,
    is_deputy: bool = False,
    on_behalf_of: Position | None = None,
    acts_for: OrgUnit | None = None,
    acts_for_basis: str = "",
) -> Position:
    """Put a person in a position. Acting and delegated positions name whose authority they use;
    a position that carries another unit's authority (``acts_for``) names the decision that
    delegates it (docs/adr/0018-acting-for-a-unit.md)."""
    _require_people_right(actor)
    errors: dict[str, list[Any]] = {}
    if role not in Role.values:
        errors["role"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(Role.values)}]
    if kind not in PositionKind.values:
        errors["kind"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(PositionKind.values)}]
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = [_("The end is before the start.")]
    if not unit.is_valid_on(valid_from):
        errors["unit"] = [_("The unit does not exist on the start date.")]
    if kind == PositionKind.DELEGATED and on_behalf_of is None:
        errors["on_behalf_of"] = [_("Say whose authority is delegated.")]
    if is_head and is_deputy:
        errors["is_deputy"] = [_("A head is not also a deputy.")]
    errors.update(_delegation_errors(unit=unit, acts_for=acts_for, basis=acts_for_basis))
    if errors:
        raise ApplicationError(_("Some values are not valid."), fields=errors)
    position = Position.objects.create(
        person=person,
        unit=unit,
        scope_unit=scope_unit,
        title=title,
        title_en=title_en,
        role=role,
        kind=kind,
        is_head=is_head,
        is_deputy=is_deputy,
        on_behalf_of=on_behalf_of,
        acts_for=acts_for,
        acts_for_basis=acts_for_basis.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    after = audit.snapshot(position, POSITION_FIELDS)
    if role == Role.ADMINISTRATOR and person.user is not None:
        # Administrators manage the tree and accounts through Django permissions and the admin site.
        person.user.groups.add(_administrators_group())
        person.user.is_staff = True
        person.user.save(update_fields=["is_staff"])
        after["account_granted"] = ["is_staff", ADMINISTRATORS_GROUP]
    if person.user is not None:
        forget_scopes(person.user)
    audit.record(actor=actor, action="people.position_assign", target=position, after=after)
    return position


def _delegation_errors(*, unit: OrgUnit, acts_for: OrgUnit | None, basis: str) -> dict[str, list[Any]]:
    if acts_for is None:
        return {"acts_for_basis": [_("A basis is given only with a delegation.")]} if basis.strip() else {}
    if acts_for.pk == unit.pk:
        return {"acts_for": [_("A position always carries its own unit's authority.")]}
    if not basis.strip():
        return {"acts_for_basis": [_("Name the decision that delegates the authority.")]}
    return {}


@transaction.atomic
def position_correct(
    *, actor: User | None, position: Position, expected_version: int | None, changes: dict[str, Any]
) -> Position:
    """Correct a position's wording, its end date or its declared delegation (the admin site's
    edits come here). Whatever decides a scope is forgotten at once in every process (ADR 0015),
    not at midnight."""
    _require_people_right(actor)
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ApplicationError(fields={name: [_("Cannot be changed here.")] for name in sorted(unknown)})
    position = (
        Position.objects.select_for_update(of=("self",))  # person.user may be null: lock the row only
        .select_related("person__user", "unit")
        .get(pk=position.pk)
    )
    check_version(obj=position, expected_version=expected_version)
    before = audit.snapshot(position, list(CORRECTABLE_FIELDS))
    for name, value in changes.items():
        setattr(position, name, value.strip() if isinstance(value, str) else value)
    errors = _delegation_errors(unit=position.unit, acts_for=position.acts_for, basis=position.acts_for_basis)
    if position.valid_to is not None and position.valid_to < position.valid_from:
        errors["valid_to"] = [_("The end is before the start.")]
    if errors:
        raise ApplicationError(_("Some values are not valid."), fields=errors)
    old, new = audit.changes(before, audit.snapshot(position, list(CORRECTABLE_FIELDS)))
    if not new:
        return position
    bump_version(position)
    position.save(update_fields=[*changes, "version", "updated_at"])
    if position.person.user is not None:
        forget_scopes(position.person.user)
    audit.record(actor=actor, action="people.position_correct", target=position, before=old, after=new)
    return position


@transaction.atomic
def position_end(*, actor: User | None, position: Position, last_day: dt.date) -> Position:
    _require_people_right(actor)
    position = Position.objects.select_for_update().get(pk=position.pk)
    if last_day < position.valid_from:
        raise ApplicationError(_("The end is before the start."), fields={"valid_to": [_("Too early.")]})
    before = audit.snapshot(position, ["valid_to"])
    position.valid_to = last_day
    position.version += 1
    position.save(update_fields=["valid_to", "version", "updated_at"])
    if position.person.user is not None:
        forget_scopes(position.person.user)
    audit.record(
        actor=actor,
        action="people.position_end",
        target=position,
        before=before,
        after=audit.snapshot(position, ["valid_to"]),
    )
    return position


@transaction.atomic
def sign_in_record(*, user: User, channel: str, second_factor_next: bool = False) -> None:
    """Sign-ins are security events: each one is in the audit trail (pages and API alike). With
    ``second_factor_next`` the password was right and the code is still to come (its own entry,
    ``people.second_factor_verify``, completes the sign-in)."""
    after: dict[str, Any] = {"channel": channel}
    if second_factor_next:
        after["second_factor"] = "pending"
    audit.record(actor=user, action="people.sign_in", target=user, after=after)


@transaction.atomic
def api_token_sign_in(*, user: User) -> tuple[ApiToken, str]:
    """A new API token for a user who just gave his password; the sign-in is recorded."""
    sign_in_record(user=user, channel="api")
    return credentials.api_token_issue(
        actor=user, name=_("Signed in on %(day)s") % {"day": timezone.localtime().strftime("%d/%m/%Y %H:%M")}
    )


@transaction.atomic
def user_set_language(*, actor: User, language: str) -> User:
    """The user's own choice; it wins over what the browser asks for."""
    if language not in Language.values:
        raise ApplicationError(
            _("Unknown language."), fields={"language": [_("Choose vi, en, or leave it empty.")]}
        )
    before = {"language": actor.language}
    if actor.language != language:
        actor.language = language
        actor.save(update_fields=["language"])
        audit.record(
            actor=actor,
            action="people.set_language",
            target=actor,
            before=before,
            after={"language": language},
        )
    return actor
