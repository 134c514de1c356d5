"""Running one write of the matrix, naming its outcome, and the golden file
``tests/permission_writes.expected`` (docs/testing.md, "The write matrix").

A case is (route, method, actor, relation). It runs in a savepoint that is rolled back, so every
case starts from the module's state; the client's cookies are restored too (a sign-out or a
sign-in replaces them).
"""

from __future__ import annotations

import copy
import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core import mail
from django.core.cache import caches
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpResponse
from django.urls import reverse

from mandate.core import workdays
from mandate.core.models import AuditEntry
from mandate.people import scopes
from tests.fingerprint import Fingerprint, changed_tables, fingerprint
from tests.write_bodies import Write
from tests.write_world import ACTORS, RELATIONS, World

GOLDEN = Path(__file__).with_name("permission_writes.expected")
UPDATING = os.environ.get("UPDATE_PERMISSION_MATRIX") == "1"
SIGN_IN_PAGES = ("/accounts/login/", "/admin/login/")

# Allowed writes that leave no audit entry, each with its reason. Every other allowed write must
# add at least one entry to the trail.
UNAUDITED: dict[str, str] = {
    # A gap against T12 (ASVS 16.3.1), reported: the sign-in is in the trail, the sign-out is not.
    "logout": "not audited today",
}
UNAUDITED_FOR_ANONYMOUS: dict[str, str] = {
    "set_language": "a visitor's language lives in a cookie: nothing is stored",
}


@dataclass(frozen=True)
class Baseline:
    fingerprint: Fingerprint
    audit_entries: int


@dataclass(frozen=True)
class Row:
    label: str
    method: str
    actor: str
    relation: str
    outcome: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.label, self.method, self.actor, self.relation)

    def line(self) -> str:
        return f"{self.label:<36} {self.method:<6} {self.actor:<9} {self.relation:<8} {self.outcome}"


def baseline() -> Baseline:
    return Baseline(fingerprint=fingerprint(), audit_entries=AuditEntry.objects.count())


def _form_errors(response: Any) -> list[str]:
    """The fields a page's bound forms refused, from the template context."""
    names: set[str] = set()
    contexts = response.context or []
    for context in contexts if isinstance(contexts, list) else [contexts]:
        for layer in getattr(context, "dicts", []):
            for value in layer.values():
                for form in value.values() if isinstance(value, dict) else [value]:
                    if isinstance(form, BaseForm) and form.is_bound and form.errors:
                        names |= {name.rsplit("-", 1)[-1] for name in form.errors}
    return sorted(names)


def outcome_of(response: HttpResponse) -> str:
    """The status, with what makes it readable: where a redirect goes (a sign-in page means
    refused), and for 400 and 409 the error's code and the fields it names."""
    status = response.status_code
    if 300 <= status < 400:  # to the sign-in page, with the page to come back to: refused
        location = response["Location"]
        refused = location.startswith(SIGN_IN_PAGES) and "next=" in location
        return f"{status} sign-in" if refused else str(status)
    if status == 200 and not response.get("Content-Type", "").startswith("application/json"):
        fields = ",".join(_form_errors(response))  # a page that shows its form again, refused
        return f"{status} page: {fields}" if fields else str(status)
    if status not in (400, 409):
        return str(status)
    if response.get("Content-Type", "").startswith("application/json"):
        error = response.json()  # type: ignore[attr-defined]
        fields = ",".join(sorted(error.get("fields") or {}))
        return f"{status} {error.get('code', '')}" + (f": {fields}" if fields else "")
    fields = ",".join(_form_errors(response))
    return f"{status} page" + (f": {fields}" if fields else "")


def is_denied(outcome: str) -> bool:
    return outcome.endswith("sign-in") or outcome.startswith(("4", "5")) or " page:" in outcome


def _clear_process_caches() -> None:
    """The throttles count in the cache, and the scopes and the calendar are cached per process:
    a case must not meet the previous one's entries."""
    for cache in caches.all():
        cache.clear()
    scopes.clear_shared_cache()
    workdays.clear_override_cache()


def _send(world: World, write: Write, actor: str, relation: str) -> HttpResponse:
    target = world.target(actor, relation)
    ids = target.ids()
    url = reverse(write.route, kwargs={arg: ids[attribute] for arg, attribute in write.objects.items()})
    client = world.clients[actor]
    body = write.body(target, actor)
    send = getattr(client, write.method)
    if write.route.startswith("api-"):
        response: HttpResponse = send(url, body, format="multipart" if write.multipart else "json")
    else:
        response = send(url, body)
    return response


@contextmanager
def isolated(world: World, actor: str) -> Iterator[None]:
    """A savepoint rolled back afterwards, fresh process caches, and the client's cookies as
    they were (a sign-out or a sign-in replaces them)."""
    client = world.clients[actor]
    cookies = copy.deepcopy(client.cookies)
    _clear_process_caches()
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies = cookies


def run_case(world: World, base: Baseline, write: Write, actor: str, relation: str) -> tuple[Row, list[str]]:
    """Send the write; the row, and what it did that it must not have."""
    problems: list[str] = []
    with isolated(world, actor):
        mails = len(mail.outbox)
        outcome = outcome_of(_send(world, write, actor, relation))
        row = Row(write.label, write.method.upper(), actor, relation, outcome)
        if is_denied(outcome):
            changes = changed_tables(base.fingerprint, fingerprint())
            if changes:
                problems.append(f"{row.line()}: refused, yet changed {changes}")
            if len(mail.outbox) != mails:
                problems.append(f"{row.line()}: refused, yet sent {len(mail.outbox) - mails} e-mail(s)")
        elif AuditEntry.objects.count() <= base.audit_entries and not _unaudited(write, actor):
            problems.append(f"{row.line()}: allowed, yet no audit entry")
    return row, problems


def _unaudited(write: Write, actor: str) -> bool:
    return write.route in UNAUDITED or (actor == "anonymous" and write.route in UNAUDITED_FOR_ANONYMOUS)


def cases(write: Write) -> Iterator[tuple[str, str]]:
    for actor in ACTORS:
        for relation in RELATIONS if write.related else ("-",):
            yield actor, relation


def row_order(row: Row) -> tuple[str, str, int, int]:
    relation = RELATIONS.index(row.relation) if row.relation in RELATIONS else -1
    return (row.label, row.method, ACTORS.index(row.actor), relation)


# --- the golden file -------------------------------------------------------------------------

HEADER = """\
# The write matrix: every write of every route, as every actor of the cast, on the objects of
# his own unit, of its parent, of a sibling and of an outsider (tests/write_world.py).
# Generated by tests/test_permission_writes.py; regenerate with
#     UPDATE_PERMISSION_MATRIX=1 .venv/bin/pytest -p no:cacheprovider tests/test_permission_writes.py
# A trailing comment ("# BUG: ...") is kept when the file is regenerated: it marks a row the
# rules below say is wrong on today's code (delete it with the fix). None today: the rows the
# first version of this file marked (issue 9, section 1) flipped with ADR 0018, or are legitimate
# under it (the delegation to the Standing Committee; recipients' own attachments).
#
# Outcomes: 200/201/302 allowed (302 to a page that is not the sign-in page);
# "302 sign-in", 401, 403, 404, 405 refused; "400 <code>: <fields>" refused by the body's
# check (JSON) or "400 page: <fields>" (a page's form): a refusal for a valid body, named so
# that a reviewer can tell a permission refusal from a validation one; "409 <code>" refused by
# the object's state or version.
#
# The rules the rows follow (docs/adr/0018-acting-for-a-unit.md, 0019-credentials-that-die.md):
#   acting for a unit: only through a position in that very unit, in a unit that succeeded it,
#           or a declared delegation (Position.acts_for); never a unit above, below or beside.
#           In the cast van and chanh (Party Office) act for the Standing Committee, their
#           "sibling" (so their "sibling" rows are allowed and their "parent" rows, city_party,
#           refused); oanh (an official of culture_office) acts for culture, her "parent", on
#           the lead side only (officials neither assign nor approve).
#   tasks:  the assigner's side (edit, chase-up, rework, reassign, cancel, reopen; accept and the
#           extension decision need a leader) acts for the assigning unit as a leader or a
#           specialist; the lead side (start, report done, progress; return and the extension
#           request need a leader) acts for the lead unit; the lead person is named by a leader
#           of the lead unit or by the assigner's side; instructions by a leader of either side.
#           The lead unit's own people are not the assigner's side: dung's "parent" accept
#           (the City's UBND's task led by culture) is refused.
#   assign: api-tasks and tasks:assign accept only an assigner unit the actor signs for
#           (400 on assigner_unit).
#   documents: edit and relate (a leader or a specialist), retire (a leader) only for people
#           acting for the issuing unit or for the unit whose office registered it; every unit
#           the document reaches (addressed, or leading or coordinating a task from it)
#           attaches its own files. Registering follows the write scope (ADR 0003).
#   credentials: a token is its owner's: the "own" row is the actor's own token, the others
#           are tokens of a person (the clerk) of that unit: 404, except for the administrator,
#           who revokes anyone's. "Sign out elsewhere", a new token and an unlock request
#           concern the actor alone ("-"). An unlock link is a bearer key: whoever holds it
#           lifts its owner's lock, signed in or not (302 to the sign-in page, without "next").
#   indicators (ADR 0030; tests/write_world_indicators.py): a unit's own values (its draft in
#           the set its parent collects) are entered, changed and submitted by people acting for
#           it (any writing role); a child's values awaiting the unit are approved or returned,
#           and in the set the unit collects accepted or unlocked, by its leaders; its targets are
#           revised and allocated by its leaders and specialists. A unit's figures are visible to
#           the units covering it and to the levels above it in the set, else 404; an id in the
#           body that the actor may not see is "400 invalid: set". An upload of values
#           (ADR 0038) is entered by the same rule: the set must be visible (else 404), the actor
#           must enter for some unit of it (else 403), and a row of a unit he does not enter for
#           is a refused row (400 sheet_refused).
#           body that the actor may not see is "400 invalid: set".
#           A figure as stated (ADR 0035) is recorded by whoever writes in the unit's scope
#           (any writing role; 403 otherwise).
#   catalogues of violation signs (ADR 0033, 0047): loaded by a system administrator, or by a
#           declared inspection commission (an InspectingBody of that kind) or its office for the
#           Party organisations within its competence; the cast has no commission, so only ad
#           may (403 before the file is read).
#   reports (issue 13; tests/write_world_reports.py): asked for by whoever acts for the unit in
#           a writing role other than viewer (403 otherwise; the page offers only those units:
#           "400 page: unit"); issued by whoever acts for it as an administrator, leader or
#           specialist (issuing takes a number from its outgoing register), 403 for its officials
#           and viewers; a draft is its author's and its unit's: 404 for anyone else. A unit
#           with no code for its documents' symbols (the offices: van's, chanh's and vp's "own")
#           cannot number a report: 409.
#   monthly evaluation (issue 14, item 2; tests/write_world_monthly.py): a unit's month is
#           opened, set, submitted and its evaluations decided by a leader of a unit he works in
#           (the unit or one above it: membership), never by the administrator's account; anyone
#           else gets 404 (an evaluation is personal data). The self-assessment is the official's
#           own: the clerk's evaluation is nobody's of the cast, so it is refused to all (403 for
#           the leaders, who read it, 404 for the others).
#   rankings (issue 14, ADR 0054; tests/write_world_rankings.py): an index's scores (entered,
#           imported, taken from indicators) are written by whoever acts for its owner unit as an
#           administrator, leader or specialist (403 for its officials and viewers); the index is
#           read by whoever's scope covers the owner or a ranked unit, else 404.
#           cannot number a report: 409. Asking again for an issued report's files is for
#           those who issue its reports, and only once their making failed: the unit's ready
#           report has none failing (409; 403 and 404 as issuing).
#   second factor (ADR 0034): every client here is fully signed in, so a code is refused (409:
#           none expected), enrolment too (403: not needed; ad, a superuser who needs one, 400:
#           no secret was shown to this session), and backup codes (409: no device); ad gets no
#           API token from a password (403). tests/test_second_factor_routes.py and
#           mandate/people/tests/test_second_factor_*.py sign in through the pages.
#
# route                                method actor     relation outcome
"""


def _parse(text: str) -> dict[tuple[str, str, str, str], tuple[str, str]]:
    rows: dict[tuple[str, str, str, str], tuple[str, str]] = {}
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        line, _, comment = raw.partition(" #")
        label, method, actor, relation, outcome = line.split(None, 4)
        rows[(label, method, actor, relation)] = (outcome.strip(), comment.strip())
    return rows


def expected_rows() -> dict[tuple[str, str, str, str], tuple[str, str]]:
    return _parse(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}


def _render(rows: dict[tuple[str, str, str, str], tuple[str, str]]) -> str:
    lines = [HEADER.rstrip("\n")]
    ordered = sorted((Row(*key, outcome) for key, (outcome, _) in rows.items()), key=row_order)
    group = None
    for row in ordered:
        if (row.label, row.method) != group:
            group = (row.label, row.method)
            lines += ["", f"# --- {row.label} {row.method}"]
        comment = rows[row.key][1]
        lines.append(row.line() + (f"  # {comment.lstrip('# ')}" if comment else ""))
    return "\n".join(lines) + "\n"


def update_golden(
    found: Iterable[Row], *, replacing: set[tuple[str, str]], keeping: set[tuple[str, str]] | None = None
) -> None:
    """Write these rows into the golden file, in place of the (route, method) groups they belong
    to, keeping every comment; with ``keeping``, drop the groups not in it (a write that is gone).
    Under a lock, since xdist workers write at once."""
    GOLDEN.touch()
    with GOLDEN.open("r+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        rows = _parse(handle.read())
        comments = {key: comment for key, (_, comment) in rows.items()}
        rows = {
            key: value
            for key, value in rows.items()
            if (key[0], key[1]) not in replacing and (keeping is None or (key[0], key[1]) in keeping)
        }
        for row in found:
            rows[row.key] = (row.outcome, comments.get(row.key, ""))
        handle.seek(0)
        handle.truncate()
        handle.write(_render(rows))
