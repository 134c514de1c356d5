"""A notice reads in its reader's language, whatever language was active when it was given
(issue 10 §6, ADR 0027)."""

import importlib

from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from mandate.notifications import messages, services
from mandate.notifications.models import Notification
from mandate.organisations.models import OrgUnit


def _name_in_english(unit, name):
    OrgUnit.objects.filter(pk=unit.pk).update(name_en=name)
    unit.refresh_from_db()
    return unit


def test_a_notice_given_in_vietnamese_reads_in_english_for_an_english_reader(cast):
    culture = _name_in_english(cast.culture, "Department of Culture and Sports")
    with translation.override("vi"):
        [given] = services.notify(
            recipients=[cast.dung],
            kind="assigned",
            message=gettext_noop("New task for %(unit)s"),
            params={"unit": culture},
        )

    notice = Notification.objects.get(pk=given.pk)
    assert notice.title == "Nhiệm vụ mới giao cho Sở Văn hóa và Thể thao"  # the admin's column
    with translation.override("en"):
        assert notice.text == "New task for Department of Culture and Sports"
    with translation.override("vi"):
        assert notice.text == "Nhiệm vụ mới giao cho Sở Văn hóa và Thể thao"


def test_a_notice_given_in_english_reads_in_vietnamese_and_its_label_values_follow(cast):
    with translation.override("en"):
        [given] = services.notify(
            recipients=[cast.dung],
            kind="status_changed",
            message=gettext_noop("%(event)s: %(task)s"),
            params={"event": gettext_lazy("Accepted"), "task": "Tổ chức tuyên truyền"},
        )

    notice = Notification.objects.get(pk=given.pk)
    assert notice.params == {
        "event": {"vi": "Đã xác nhận hoàn thành", "en": "Accepted"},
        "task": "Tổ chức tuyên truyền",
    }
    with translation.override("vi"):
        assert notice.text == "Đã xác nhận hoàn thành: Tổ chức tuyên truyền"
    with translation.override("en"):
        assert notice.text == "Accepted: Tổ chức tuyên truyền"


def test_numbers_in_a_notice_are_in_the_readers_format():
    with translation.override("vi"):
        assert messages.render("%(n)s notices", {"n": 12000}) == "12.000 notices"
    with translation.override("en"):
        assert messages.render("%(n)s notices", {"n": 12000}) == "12,000 notices"


def test_a_message_its_values_no_longer_fit_falls_back_to_the_stored_text():
    assert messages.render("%(unit)s and %(other)s", {"unit": "A"}, fallback="Đã lưu") == "Đã lưu"
    assert messages.render("", {}, fallback="Đã lưu") == "Đã lưu"


def test_the_migration_gives_old_notices_their_message_back_from_the_title(cast):
    culture = _name_in_english(cast.culture, "Department of Culture and Sports")
    rows = {
        "unit": ("Nhiệm vụ mới giao cho Sở Văn hóa và Thể thao", culture),
        "event": ("Đã trả lại để hoàn thiện: Báo cáo sơ kết", culture),
        "event_en": ("Accepted: Báo cáo sơ kết", culture),
        "n": ("Còn không quá 3 ngày làm việc đến thời hạn", culture),
        "plain": ("Overdue task", None),
        "not_an_event": ("Chuyển lên lãnh đạo: quá hạn sau ba lần nhắc việc", culture),
        "free": ("Một thông báo viết tay", None),
    }
    made = {
        key: Notification.objects.create(recipient=cast.dung, kind="other", title=title, unit=unit)
        for key, (title, unit) in rows.items()
    }
    migration = importlib.import_module(
        "mandate.notifications.migrations.0004_notification_message_from_title"
    )

    migration.forwards(apps, None)

    got = {key: Notification.objects.get(pk=n.pk) for key, n in made.items()}
    assert {key: (n.message, n.params) for key, n in got.items()} == {
        "unit": (
            "New task for %(unit)s",
            {"unit": {"vi": "Sở Văn hóa và Thể thao", "en": "Department of Culture and Sports"}},
        ),
        "event": (
            "%(event)s: %(task)s",
            {
                "event": {"vi": "Đã trả lại để hoàn thiện", "en": "Returned for rework"},
                "task": "Báo cáo sơ kết",
            },
        ),
        "event_en": (
            "%(event)s: %(task)s",
            {"event": {"vi": "Đã xác nhận hoàn thành", "en": "Accepted"}, "task": "Báo cáo sơ kết"},
        ),
        "n": ("Deadline in %(n)s working days or less", {"n": 3}),
        "plain": ("Overdue task", {}),
        "not_an_event": ("Escalated: overdue after three reminders", {}),
        "free": ("", {}),
    }
    with translation.override("en"):
        assert got["unit"].text == "New task for Department of Culture and Sports"
        assert got["event"].text == "Returned for rework: Báo cáo sơ kết"
        assert got["free"].text == "Một thông báo viết tay"
    with translation.override("vi"):
        assert got["plain"].text == "Nhiệm vụ quá hạn"


def test_the_digest_carries_each_notice_in_its_recipients_language(cast, mailoutbox):
    from django.utils import timezone

    from mandate.notifications.tests.helpers import with_email

    culture = _name_in_english(cast.culture, "Department of Culture and Sports")
    english = with_email(cast.oanh, "oanh@example.org", language="en")
    vietnamese = with_email(cast.dung, "dung@example.org")
    with translation.override("vi"):
        services.notify(
            recipients=[english, vietnamese],
            kind="assigned",
            message=gettext_noop("New task for %(unit)s"),
            params={"unit": culture},
            unit=culture,
        )

    services.send_daily_digests(day=timezone.localdate())

    mails = {m.to[0]: m.body for m in mailoutbox}
    assert "New task for Department of Culture and Sports" in mails["oanh@example.org"]
    assert "Nhiệm vụ mới giao cho Sở Văn hóa và Thể thao" in mails["dung@example.org"]
