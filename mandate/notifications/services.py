"""Giving notices, reading them and sending the daily digest.

Notices are outputs, not changes of the administration's records, so ``notify`` writes no audit
entry of its own: the caller's service (a task's transition, the sweep's one entry per run) has
already recorded the change the notice reports, and that entry is the evidence. Auditing every
notice would multiply the trail by the number of recipients, serialise every sweep on the
hash chain's lock, and prove nothing the caller's entry does not. Reading one is a person's own
act, and is audited like his other writes (ADR 0027).

A notice's text is given as an English message and its values (``messages``), rendered in the
reader's language when read; ``title`` keeps it in the default language for the admin.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import F, Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mandate.core import audit, insert_select
from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.notifications import messages
from mandate.notifications.enums import NotificationKind
from mandate.notifications.models import (
    DEDUPE_KEY_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    DigestLog,
    Notification,
)
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, Position, User

logger = logging.getLogger(__name__)

# A digest lists at most this many notices; the rest are counted ("and 12 more") and the reader
# finds them in the app. Every notice of the group is still marked as carried.
DIGEST_LISTED_AT_MOST = 100


def _check_arguments(*, kind: str, url: str, dedupe_key: str, message: str = "") -> None:
    """Refuse what the database would truncate or reject later, naming the argument."""
    if kind not in NotificationKind.values:
        raise ApplicationError(_("Unknown kind of notification."), fields={"kind": [_("Not a choice.")]})
    limits = {
        "url": (url, URL_MAX_LENGTH),
        "dedupe_key": (dedupe_key, DEDUPE_KEY_MAX_LENGTH),
        "message": (message, MESSAGE_MAX_LENGTH),
    }
    for name, (value, limit) in limits.items():
        if len(value) > limit:
            raise ApplicationError(_("The value is too long."), fields={name: [_("Too long.")]})


def _text(*, title: str, message: str, params: Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """The stored title (the message in the default language, else ``title`` as given) and the
    frozen values."""
    if not message:
        if not title:
            raise ApplicationError(_("A notice needs a text."), fields={"message": [_("Required.")]})
        return title[:TITLE_MAX_LENGTH], {}
    frozen = messages.freeze(params or {})
    with translation.override(settings.LANGUAGE_CODE):
        shown = messages.render(message, frozen, fallback=title or message)
    return shown[:TITLE_MAX_LENGTH], frozen


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    message: str = "",
    params: Mapping[str, Any] | None = None,
    title: str = "",
    body: str = "",
    unit: OrgUnit | None = None,
    target: models.Model | None = None,
    url: str = "",
    dedupe_key: str = "",
) -> list[Notification]:
    """Give the same notice to each recipient, in one insert; return the notices created.

    With a ``dedupe_key``, a recipient who already has a notice with that key gets nothing new:
    the sweep may run every hour, twice, or twice at once, and each reminder still arrives once.
    The database's partial unique constraint decides, so two overlapping runs cannot both insert.
    Neither database returns ids from an insert that ignores conflicts, so the rows created are
    read back by key, recipients and the batch's own ``created_at``: rows that existed before
    were filtered out first and carry an older time.

    A recipient named twice gets one notice; inactive accounts get none, since they cannot sign
    in to read it. No audit entry is written (see the module's docstring): the caller audits.

    The text is ``message`` (an English msgid marked with ``gettext_noop``) with ``params``,
    rendered in each reader's language when read; a plain ``title`` is kept as it is.
    """
    _check_arguments(kind=kind, url=url, dedupe_key=dedupe_key, message=message)
    stored_title, frozen = _text(title=title, message=message, params=params)
    people: dict[Any, User] = {}
    for user in recipients:
        if user is not None and user.pk is not None and user.is_active:
            people.setdefault(user.pk, user)
    if not people:
        return []
    if dedupe_key:
        already = set(
            Notification.objects.filter(dedupe_key=dedupe_key, recipient_id__in=list(people)).values_list(
                "recipient_id", flat=True
            )
        )
        for pk in already:
            people.pop(pk, None)
        if not people:
            return []
    now = timezone.now()
    target_type = target._meta.label_lower if target is not None else ""
    target_id = str(target.pk) if target is not None else ""
    notices = [
        Notification(
            recipient=user,
            unit=unit,
            kind=kind,
            title=stored_title,
            message=message,
            params=frozen,
            body=body,
            target_type=target_type,
            target_id=target_id,
            url=url,
            created_at=now,
            dedupe_key=dedupe_key,
        )
        for user in people.values()
    ]
    if not dedupe_key:
        return Notification.objects.bulk_create(notices)
    Notification.objects.bulk_create(notices, ignore_conflicts=True)
    created = Notification.objects.filter(
        dedupe_key=dedupe_key, recipient_id__in=list(people), created_at=now
    ).order_by("recipient_id")
    by_recipient = {n.recipient_id: n for n in created}
    for notice in by_recipient.values():
        notice.recipient = people[notice.recipient_id]
    return list(by_recipient.values())


NOTICE_SOURCE_NAMES = ("unit_id", "target_id", "url", "body", "dedupe_key")


def notify_from_query(
    *,
    source: QuerySet[Any, Any],
    kind: str,
    message: str,
    target_type: str,
    day: dt.date,
    params: Mapping[str, Any] | None = None,
    with_person: bool = False,
) -> int:
    """Notices for a job over many records (the sweep): one ``INSERT … SELECT`` gives a notice about
    each row of ``source`` to the active heads of the row's unit on ``day`` (``people.Position``
    with ``is_head``, valid on the day, its person's account active) and, ``with_person``, to the
    active account of the row's person. Nothing is loaded into Python: however many rows the
    source has, this is one statement. Returns how many notices were created.

    ``source`` is a ``values()`` queryset of named expressions, compiled into the statement and
    never evaluated on its own: ``unit_id`` (the notice's unit, whose heads hear of it),
    ``target_id`` (the id of what it concerns; stored as text), ``url``, ``body``, ``dedupe_key``
    (never empty: one per row, e.g. ``task:<id>:<step>:<day>``) and, ``with_person``,
    ``person_id`` (may be null). A recipient who is both gets one notice per row; one who already
    has the row's dedupe key gets none, as with ``notify``: the database's partial unique
    constraint decides (``ON CONFLICT DO NOTHING``), so a job that runs twice notifies once.
    Every notice of the call has the same ``created_at``; they are inserted by target, then
    recipient. No audit entry is written (see the module's docstring). The text is ``message``
    with ``params``, the same for every row, rendered in each reader's language when read.
    """
    _check_arguments(kind=kind, url="", dedupe_key="", message=message)
    stored_title, frozen = _text(title="", message=message, params=params)
    names = (*NOTICE_SOURCE_NAMES, "person_id") if with_person else NOTICE_SOURCE_NAMES
    missing = [name for name in names if name not in source.query.annotation_select]
    if missing:
        raise ValueError(f"The source of the notices does not select {', '.join(missing)}.")
    using = router.db_for_write(Notification)
    connection = connections[using]
    qn = connection.ops.quote_name

    def compiled(queryset: QuerySet[Any, Any]) -> tuple[str, tuple[Any, ...]]:
        sql, params = queryset.order_by().query.get_compiler(using=using).as_sql()
        return sql, tuple(params)

    heads = (
        Position.objects.filter(is_head=True, valid_from__lte=day, person__user__is_active=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values(head_unit=F("unit_id"), head_user=F("person__user_id"))
    )
    heads_sql, heads_params = compiled(heads)
    unit, recipient = qn("unit_id"), qn("recipient")
    carried = ", ".join(f"s.{qn(name)} AS {qn(name)}" for name in NOTICE_SOURCE_NAMES)
    # Each row's recipients: the heads of its unit, then its person's account unless that is one
    # of the heads. The heads are a plain subquery (not a CTE, not DISTINCT) so that the planner
    # keeps the statistics of the positions; the one duplicate left, a person holding two head
    # positions of one unit, is dropped by ON CONFLICT like a notice given before.
    recipients = (
        f"SELECT h.{qn('head_user')} AS {recipient}, {carried} "  # noqa: S608  (names, not values)
        f"FROM s INNER JOIN ({heads_sql}) h ON h.{qn('head_unit')} = s.{unit}"
    )
    join_params = [*heads_params]
    if with_person:
        accounts = Person.objects.filter(user__is_active=True).values(person=F("pk"), account=F("user_id"))
        accounts_sql, accounts_params = compiled(accounts)
        recipients += (
            f" UNION ALL SELECT a.{qn('account')}, {carried} "  # noqa: S608  (names, not values)
            f"FROM s INNER JOIN ({accounts_sql}) a ON a.{qn('person')} = s.{qn('person_id')} "
            f"WHERE NOT EXISTS (SELECT 1 FROM ({heads_sql}) h WHERE h.{qn('head_unit')} = s.{unit} "
            f"AND h.{qn('head_user')} = a.{qn('account')})"
        )
        join_params += [*accounts_params, *heads_params]

    from_rows = {
        "recipient": f"r.{recipient}",
        "unit": f"r.{unit}",
        "target_id": f"CAST(r.{qn('target_id')} AS TEXT)",
        "url": f"r.{qn('url')}",
        "body": f"r.{qn('body')}",
        "dedupe_key": f"r.{qn('dedupe_key')}",
    }
    constants = insert_select.constant_columns(
        Notification,
        values={
            "kind": kind,
            "title": stored_title,
            "message": message,
            "params": frozen,
            "target_type": target_type,
            "created_at": timezone.now(),
        },
        skip=from_rows,
        connection=connection,
    )
    columns = [insert_select.column_of(Notification, name) for name in from_rows] + list(constants)
    source_sql, source_params = compiled(source)
    # The source is a CTE, computed once on both databases; it follows INSERT INTO because
    # Python's sqlite3 counts the rows only of a statement that starts with INSERT. "WHERE 1 = 1"
    # keeps SQLite from taking the ON of ON CONFLICT for a join's (SQLite's documentation of
    # UPSERT, "parsing ambiguity"). Plain ON CONFLICT DO NOTHING covers the partial unique
    # constraint on (recipient, dedupe_key) on both databases.
    sql = (
        f"INSERT INTO {qn(Notification._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608  (names quoted from _meta, values as parameters)
        f"WITH s AS ({source_sql}) "
        f"SELECT {', '.join([*from_rows.values(), *['%s'] * len(constants)])} "
        f"FROM ({recipients}) r WHERE 1 = 1 "
        f"ORDER BY r.{qn('target_id')}, r.{recipient} "
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*source_params, *constants.values(), *join_params])
        return max(int(cursor.rowcount), 0)


def _own(*, actor: User, notification: Notification) -> None:
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    if not signed_in or notification.recipient_id != actor.pk:
        raise NotFoundError()


@transaction.atomic
def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    """Mark one's own notice as read (opening it does this); marking it again changes nothing
    (the first time stays) and writes nothing.

    Audited once, when it changes (ADR 0027): the trail shows when a person learnt of what the
    notice reported, which is what an inspection asks. Anyone else's notice does not exist for
    the actor (404), superusers included: notices are personal.
    """
    _own(actor=actor, notification=notification)
    if notification.read_at is None:
        now = timezone.now()
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
            notification.read_at = now
            audit.record(
                actor=actor,
                action="notifications.read",
                target=notification,
                before={"read_at": None},
                after={"read_at": now},
            )
        else:  # read meanwhile, in another tab: keep the first time
            notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: User) -> int:
    """Mark every unread notice of the actor as read, in one statement; return how many. One
    audit entry for the lot when there were any: their time of reading and their number (the
    notices themselves carry that time; a sweep can leave thousands, too many to list)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return 0
    now = timezone.now()
    marked = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=now)
    if marked:
        audit.record(
            actor=actor,
            action="notifications.read_all",
            target_type=Notification._meta.label_lower,
            target_label=str(actor.get_username()),
            after={"read_at": now, "count": marked},
        )
    return marked


def _end_of(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in the project's time zone (Asia/Ho_Chi_Minh)."""
    zone = timezone.get_default_timezone()
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


def _unit_name(unit: OrgUnit | None) -> str:
    if unit is None:
        return _("no particular unit")
    english = (translation.get_language() or "vi").startswith("en")
    return str(unit.name_en if english and unit.name_en else unit.name)


def _person_name(user: User) -> str:
    try:
        return str(user.person.full_name)
    except ObjectDoesNotExist:  # an account without a person (a technical account)
        return user.get_full_name() or user.get_username()


def _digest_message(
    *, recipient: User, unit: OrgUnit | None, day: dt.date, notices: list[Notification]
) -> tuple[str, str]:
    """Subject and text of one digest, in the language active when called."""
    count = len(notices)
    values = {"count": count, "unit": _unit_name(unit), "day": day.strftime("%d/%m/%Y")}
    subject = (
        ngettext(
            "Mandate: %(count)d notice for %(unit)s on %(day)s",
            "Mandate: %(count)d notices for %(unit)s on %(day)s",
            count,
        )
        % values
    )
    name = _person_name(recipient)
    lines = [
        _("Hello %(name)s,") % {"name": name},
        "",
        ngettext(
            "You have %(count)d notice about %(unit)s that you have not read yet:",
            "You have %(count)d notices about %(unit)s that you have not read yet:",
            count,
        )
        % values,
        "",
    ]
    zone = timezone.get_default_timezone()
    for notice in notices[:DIGEST_LISTED_AT_MOST]:
        when = formats.date_format(notice.created_at.astimezone(zone), "d/m/Y H:i")
        lines.append(f"- {when} · {notice.get_kind_display()}: {notice.text}")
        if notice.body:
            lines.extend(f"  {line}" for line in notice.body.splitlines())
        if notice.url:
            # Links in the app are paths; an e-mail needs the site's address in front of them.
            base = settings.MANDATE_BASE_URL.rstrip("/") if notice.url.startswith("/") else ""
            lines.append(f"  {base}{notice.url}")
    if count > DIGEST_LISTED_AT_MOST:
        more = count - DIGEST_LISTED_AT_MOST
        lines.append(_("… and %(more)d more.") % {"more": more})
    lines += ["", _("Open Mandate to read them and mark them as read."), ""]
    return subject, "\n".join(lines)


def _unsent(day: dt.date) -> QuerySet[Notification]:
    """The notices no digest has carried yet, created up to the end of ``day`` and still unread,
    of active recipients with an e-mail address.

    A notice created after the day's digest went out rides in the next day's. One already read
    in the app is left out: the digest is there so that nothing is missed, and it was not.
    """
    return Notification.objects.filter(
        emailed_on__isnull=True,
        read_at__isnull=True,
        created_at__lt=_end_of(day),
        recipient__is_active=True,
    ).exclude(recipient__email="")


def send_daily_digests(*, day: dt.date) -> int:
    """Send each recipient one e-mail per unit for ``day``; return how many were sent.

    The (recipient, unit) pairs are grouped in the database; each digest is then a unit of work:
    its ``DigestLog`` row is inserted first (its unique key makes a second run, or a concurrent
    one, skip it), its notices are marked ``emailed_on=day``, the mail is sent, and only then does
    the transaction commit. A mail that cannot be sent rolls its digest back, so the next run
    tries again, and the others still go out. Subject and text are in the recipient's language
    (his own setting, else Vietnamese). Users without an e-mail address are skipped; their notices
    stay in the app. Queries: two for the whole run and four per digest; none per notice, and no
    more than one digest's notices in memory at a time.
    """
    sent_already = set(DigestLog.objects.filter(day=day).values_list("recipient_id", "unit_id"))
    pairs = [
        (recipient_id, unit_id)
        for recipient_id, unit_id in _unsent(day)
        .order_by("recipient_id", "unit_id")
        .values_list("recipient_id", "unit_id")
        .distinct()
        if (recipient_id, unit_id) not in sent_already
    ]
    sent = 0
    with mail.get_connection() as connection:
        for recipient_id, unit_id in pairs:
            notices = list(
                _unsent(day)
                .filter(recipient_id=recipient_id, unit_id=unit_id)
                .select_related("recipient__person", "unit")
                .order_by("created_at", "id")
            )
            if not notices:
                continue
            recipient, unit = notices[0].recipient, notices[0].unit
            with translation.override(recipient.language or settings.LANGUAGE_CODE):
                subject, text = _digest_message(recipient=recipient, unit=unit, day=day, notices=notices)
            try:
                with transaction.atomic():
                    DigestLog.objects.create(
                        unit_id=unit_id, recipient_id=recipient_id, day=day, count=len(notices)
                    )
                    Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_on=day)
                    mail.EmailMessage(subject, text, to=[recipient.email], connection=connection).send()
            except IntegrityError:
                continue  # another run sent this digest in the meantime
            except (smtplib.SMTPException, OSError):
                logger.exception("Digest for user %s, unit %s on %s not sent", recipient_id, unit_id, day)
                continue
            sent += 1
    return sent
