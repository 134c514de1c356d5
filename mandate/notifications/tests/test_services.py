import datetime as dt
import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.core.models import AuditEntry
from mandate.notifications import services
from mandate.notifications.models import DigestLog, Notification, NotificationKind
from mandate.notifications.tests.helpers import notice, with_email
from mandate.organisations import services as org_services
from mandate.people import services as people_services


def test_a_notice_reaches_each_recipient_once_and_points_at_what_it_concerns(cast):
    created = services.notify(
        recipients=[cast.dung, cast.oanh, cast.dung],
        kind=NotificationKind.ASSIGNED,
        title="Giao nhiệm vụ",
        body="Hạn 31/12/2024.",
        unit=cast.culture,
        target=cast.culture_office,
        url="/tasks/1/",
    )

    assert sorted(n.recipient_id for n in created) == sorted([cast.dung.pk, cast.oanh.pk])
    assert all(n.pk for n in created)
    row = Notification.objects.get(recipient=cast.oanh)
    assert (row.kind, row.unit_id, row.target_type, row.target_id, row.url, row.read_at) == (
        "assigned",
        cast.culture.pk,
        "organisations.orgunit",
        str(cast.culture_office.pk),
        "/tasks/1/",
        None,
    )


def test_the_same_dedupe_key_gives_each_recipient_one_notice_however_often_the_sweep_runs(cast):
    first = services.notify(
        recipients=[cast.dung, cast.oanh], kind="reminder_due", title="Đến hạn", dedupe_key="task:7:due"
    )
    second = services.notify(
        recipients=[cast.dung, cast.oanh, cast.van],
        kind="reminder_due",
        title="Đến hạn",
        dedupe_key="task:7:due",
    )
    third = services.notify(
        recipients=[cast.dung, cast.oanh, cast.van],
        kind="reminder_due",
        title="Đến hạn",
        dedupe_key="task:7:due",
    )

    assert len(first) == 2
    assert [n.recipient_id for n in second] == [cast.van.pk]
    assert all(n.pk for n in second)
    assert third == []
    assert Notification.objects.filter(dedupe_key="task:7:due").count() == 3


def test_notices_without_a_key_are_never_merged(cast):
    notice(cast.dung, "Một")
    notice(cast.dung, "Một")

    assert Notification.objects.filter(recipient=cast.dung).count() == 2


def test_a_notice_is_an_output_and_writes_no_audit_entry(cast):
    before = AuditEntry.objects.count()

    services.notify(recipients=[cast.dung, cast.oanh], kind="escalation", title="Chuyển cấp trên")

    assert AuditEntry.objects.count() == before


def test_inactive_accounts_get_no_notice(cast):
    cast.vera.is_active = False

    created = services.notify(recipients=[cast.vera, cast.dung], kind="other", title="X")

    assert [n.recipient_id for n in created] == [cast.dung.pk]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"kind": "gossip"}, "kind"),
        ({"url": "/" + "x" * 200}, "url"),
        ({"dedupe_key": "k" * 201}, "dedupe_key"),
    ],
)
def test_an_unknown_kind_or_a_value_too_long_is_refused_and_nothing_is_written(cast, arguments, field):
    with pytest.raises(ApplicationError) as err:
        services.notify(recipients=[cast.dung], **{"kind": "other", "title": "X", **arguments})

    assert field in err.value.fields
    assert Notification.objects.count() == 0


def test_only_the_recipient_may_mark_a_notice_read_and_marking_it_again_keeps_the_first_time(cast):
    mine = notice(cast.dung)

    for someone_else in (cast.oanh, cast.ad):
        with pytest.raises(NotFoundError):
            services.notification_mark_read(actor=someone_else, notification=mine)
    assert Notification.objects.get(pk=mine.pk).read_at is None

    before = AuditEntry.objects.count()
    first = services.notification_mark_read(actor=cast.dung, notification=mine).read_at
    again = services.notification_mark_read(
        actor=cast.dung, notification=Notification.objects.get(pk=mine.pk)
    ).read_at

    assert first is not None
    assert again == first == Notification.objects.get(pk=mine.pk).read_at
    # Audited once, when it changed (ADR 0027); the refusals and the second time wrote nothing.
    entries = AuditEntry.objects.order_by("id")[before:]
    assert [(e.action, e.actor_id, e.target_type, e.target_id) for e in entries] == [
        ("notifications.read", cast.dung.pk, "notifications.notification", str(mine.pk))
    ]


def test_mark_all_read_touches_only_the_actors_unread_notices(cast):
    for _ in range(3):
        notice(cast.dung)
    services.notification_mark_read(actor=cast.dung, notification=notice(cast.dung))
    notice(cast.oanh)
    before = AuditEntry.objects.count()

    assert services.notifications_mark_all_read(actor=cast.dung) == 3
    assert services.notifications_mark_all_read(actor=cast.dung) == 0
    assert Notification.objects.get(recipient=cast.oanh).read_at is None
    # One entry for the three, none for the second call that found nothing (ADR 0027).
    entries = list(AuditEntry.objects.order_by("id")[before:].values_list("action", "actor_id", "after"))
    assert [(action, actor, (after or {})["count"]) for action, actor, after in entries] == [
        ("notifications.read_all", cast.dung.pk, 3)
    ]


# --- the daily digest -------------------------------------------------------------------------


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def inboxes(cast):
    """dung and oanh have addresses; van has none."""
    with_email(cast.dung, "dung@example.org")
    with_email(cast.oanh, "oanh@example.org")
    notice(cast.dung, "Văn hóa 1", unit=cast.culture)
    notice(cast.dung, "Văn hóa 2", unit=cast.culture)
    notice(cast.dung, "Thông tin", unit=cast.info)
    notice(cast.dung, "Chung")
    notice(cast.oanh, "Văn hóa", unit=cast.culture)
    notice(cast.van, "Không có thư", unit=cast.culture)
    return cast


def test_one_digest_goes_to_each_recipient_for_each_unit_and_carries_its_notices(inboxes, mailoutbox, today):
    cast = inboxes

    assert services.send_daily_digests(day=today) == 4

    by_address = sorted((m.to[0], m.subject) for m in mailoutbox)
    assert [address for address, _ in by_address] == ["dung@example.org"] * 3 + ["oanh@example.org"]
    culture_mail = next(
        m for m in mailoutbox if m.to == ["dung@example.org"] and cast.culture.name in m.subject
    )
    assert "Văn hóa 1" in culture_mail.body
    assert "Văn hóa 2" in culture_mail.body
    assert "Thông tin" not in culture_mail.body
    assert set(DigestLog.objects.values_list("recipient_id", "unit_id", "day", "count")) == {
        (cast.dung.pk, cast.culture.pk, today, 2),
        (cast.dung.pk, cast.info.pk, today, 1),
        (cast.dung.pk, None, today, 1),
        (cast.oanh.pk, cast.culture.pk, today, 1),
    }
    assert set(Notification.objects.exclude(recipient=cast.van).values_list("emailed_on", flat=True)) == {
        today
    }


def test_running_the_digest_twice_the_same_day_sends_nothing_more(inboxes, mailoutbox, today):
    services.send_daily_digests(day=today)
    sent = len(mailoutbox)

    assert services.send_daily_digests(day=today) == 0
    assert len(mailoutbox) == sent
    assert DigestLog.objects.count() == 4


def test_a_notice_given_after_the_days_digest_rides_in_the_next_days(inboxes, mailoutbox, today):
    cast = inboxes
    services.send_daily_digests(day=today)
    mailoutbox.clear()
    notice(cast.dung, "Muộn", unit=cast.culture)

    assert services.send_daily_digests(day=today) == 0
    assert services.send_daily_digests(day=today + dt.timedelta(days=1)) == 1
    assert "Muộn" in mailoutbox[0].body
    assert "Văn hóa 1" not in mailoutbox[0].body


def test_a_days_digest_does_not_carry_what_came_after_that_day(inboxes, mailoutbox, today):
    assert services.send_daily_digests(day=today - dt.timedelta(days=1)) == 0
    assert mailoutbox == []
    assert Notification.objects.filter(emailed_on__isnull=False).count() == 0


def test_users_without_an_address_are_skipped_and_their_notices_stay_in_the_app(inboxes, mailoutbox, today):
    cast = inboxes
    services.send_daily_digests(day=today)

    assert all(m.to != [""] for m in mailoutbox)
    assert Notification.objects.get(recipient=cast.van).emailed_on is None
    assert not DigestLog.objects.filter(recipient=cast.van).exists()


def test_notices_already_read_in_the_app_are_not_emailed(cast, mailoutbox, today):
    with_email(cast.dung, "dung@example.org")
    services.notification_mark_read(actor=cast.dung, notification=notice(cast.dung, unit=cast.culture))

    assert services.send_daily_digests(day=today) == 0
    assert mailoutbox == []


def test_the_digest_speaks_the_recipients_language_whatever_language_is_active(cast, mailoutbox, today):
    org_services.unit_correct(
        actor=None, unit=cast.culture, expected_version=cast.culture.version, name_en="Department of Culture"
    )
    with_email(cast.dung, "dung@example.org")
    with_email(cast.oanh, "oanh@example.org")
    people_services.user_set_language(actor=cast.oanh, language="en")
    notice(cast.dung, "Nhắc việc", unit=cast.culture)
    notice(cast.oanh, "Nhắc việc", unit=cast.culture)

    with translation.override("en"):
        services.send_daily_digests(day=today)

    mails = {m.to[0]: m for m in mailoutbox}
    english, vietnamese = mails["oanh@example.org"], mails["dung@example.org"]
    with translation.override("en"):
        assert english.subject == f"Mandate: 1 notice for Department of Culture on {today:%d/%m/%Y}"
        assert str(NotificationKind.OTHER.label) in english.body
    assert cast.culture.name in vietnamese.subject
    assert "Department of Culture" not in vietnamese.subject + vietnamese.body
    with translation.override("vi"):
        assert (
            translation.ngettext(
                "Mandate: %(count)d notice for %(unit)s on %(day)s",
                "Mandate: %(count)d notices for %(unit)s on %(day)s",
                1,
            )
            % {"count": 1, "unit": cast.culture.name, "day": today.strftime("%d/%m/%Y")}
            == vietnamese.subject
        )


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("down")


def test_a_digest_the_mail_server_refuses_is_not_recorded_so_the_next_run_sends_it(
    inboxes, settings, mailoutbox, today
):
    settings.EMAIL_BACKEND = "mandate.notifications.tests.test_services.FailingBackend"

    assert services.send_daily_digests(day=today) == 0
    assert DigestLog.objects.count() == 0
    assert Notification.objects.filter(emailed_on__isnull=False).count() == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_daily_digests(day=today) == 4


def test_the_digest_runs_no_query_per_notice(cast, mailoutbox, today):
    with_email(cast.dung, "dung@example.org")

    def run(count):
        for number in range(count):
            notice(cast.dung, f"Nhắc {number}", unit=cast.culture)
        with CaptureQueriesContext(connection) as captured:
            assert services.send_daily_digests(day=today) == 1
        DigestLog.objects.all().delete()
        return len(captured)

    assert run(2) == run(17)
    assert "Nhắc 16" in mailoutbox[-1].body


def _units_as_source(units, *, person=None):
    """Units as the rows notices are about (this app may not know tasks): each unit is its own
    notice's unit and target; ``person`` is every row's person."""
    from django.db.models import CharField, F, IntegerField, Value
    from django.db.models.functions import Cast, Concat, Left

    from mandate.organisations.models import OrgUnit

    pk_text = Cast("pk", output_field=CharField())
    return OrgUnit.objects.filter(pk__in=[u.pk for u in units]).values(
        unit_id=F("pk"),
        target_id=F("pk"),
        url=Concat(Value("/units/"), pk_text, Value("/"), output_field=CharField()),
        body=Left("name", 10),
        dedupe_key=Concat(Value("unit:"), pk_text, output_field=CharField()),
        person_id=Value(person.pk if person else None, output_field=IntegerField()),
    )


def test_notices_from_a_query_reach_the_heads_and_the_person_once_in_one_statement(cast):
    source = _units_as_source([cast.culture, cast.info, cast.party_office], person=cast.dung.person)

    with CaptureQueriesContext(connection) as queries:
        created = services.notify_from_query(
            source=source, kind="other", message="%(long)s", params={"long": "T" * 400},
            target_type="organisations.orgunit", day=dt.date(2024, 4, 8), with_person=True,
        )  # fmt: skip

    assert len(queries) == 1
    rows = Notification.objects.order_by("id").values_list("recipient__username", "target_id", "dedupe_key")
    # dung heads the culture department and is every row's person: one notice for it, not two.
    assert list(rows) == [
        (username, str(unit.pk), f"unit:{unit.pk}")
        for unit, usernames in sorted(
            [(cast.culture, ["dung"]), (cast.info, ["tin", "dung"]), (cast.party_office, ["chanh", "dung"])],
            key=lambda pair: pair[0].pk,
        )
        for username in sorted(usernames, key=lambda name: getattr(cast, name).pk)
    ]
    assert created == 5
    notice = Notification.objects.get(recipient=cast.tin)
    assert (notice.kind, notice.title, notice.body, notice.url, notice.unit_id) == (
        "other", "T" * 300, cast.info.name[:10], f"/units/{cast.info.pk}/", cast.info.pk
    )  # fmt: skip
    assert notice.target_type == "organisations.orgunit"
    assert (notice.message, notice.params) == ("%(long)s", {"long": "T" * 400})
    assert (notice.read_at, notice.emailed_on) == (None, None)

    again = services.notify_from_query(
        source=source, kind="other", message="T", target_type="organisations.orgunit",
        day=dt.date(2024, 4, 8), with_person=True,
    )  # fmt: skip
    assert again == 0
    assert Notification.objects.count() == 5


def test_notices_from_a_query_skip_inactive_heads_and_heads_not_in_office_that_day(cast):
    from mandate.people.models import Position

    with_person = _units_as_source([cast.culture], person=cast.oanh.person)
    cast.oanh.is_active = False
    cast.oanh.save()
    Position.objects.filter(person__user=cast.dung, is_head=True).update(valid_to=dt.date(2024, 4, 7))

    assert services.notify_from_query(
        source=with_person, kind="other", message="T", target_type="organisations.orgunit",
        day=dt.date(2024, 4, 8), with_person=True,
    ) == 0  # fmt: skip
    assert services.notify_from_query(
        source=with_person, kind="other", message="T", target_type="organisations.orgunit",
        day=dt.date(2024, 4, 7),
    ) == 1  # fmt: skip
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["dung"]


def test_notices_from_a_query_need_every_column_and_a_known_kind(cast):
    source = _units_as_source([cast.culture])
    with pytest.raises(ValueError, match="dedupe_key"):
        services.notify_from_query(
            source=source.values("unit_id", "target_id", "url", "body"), kind="other", message="T",
            target_type="", day=dt.date(2024, 4, 8),
        )  # fmt: skip
    with pytest.raises(ApplicationError):
        services.notify_from_query(
            source=source, kind="nonsense", message="T", target_type="", day=dt.date(2024, 4, 8)
        )
    assert not Notification.objects.exists()
