"""The access log (``core.access_log``, ADR 0034): a read of a sensitive record is one row, written
by a plain INSERT; the rows are never changed or removed; only the auditor reads them, in the
admin and at ``/api/v1/access-log/``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from mandate.core import access_log, request_context
from mandate.core.exceptions import PermissionDeniedError
from mandate.core.models import AccessLogEntry, AppendOnlyError, AuditEntry
from mandate.people.models import Person, User
from mandate.people.tests.factories import AccountFactory


def _auditor(username="audit", *, staff=True):
    user = AccountFactory.create(username=username)
    group, _created = Group.objects.get_or_create(name="auditors")
    group.permissions.add(Permission.objects.get(codename="view_accesslogentry"))
    user.groups.add(group)
    User.objects.filter(pk=user.pk).update(is_staff=staff)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def administrator(cast):
    user = AccountFactory.create(
        username="quantri", position={"unit": cast.city, "title": "Quản trị", "role": "administrator"}
    )
    return User.objects.get(pk=user.pk)


def test_a_read_is_one_row_naming_who_what_when_and_by_which_route(cast):
    tokens = [
        request_context.route.set("GET /inspections/findings/7/"),
        request_context.request_id.set("req-1"),
        request_context.client_ip.set("10.0.0.9"),
    ]
    try:
        with CaptureQueriesContext(connection) as queries:
            entry = access_log.record_read(
                actor=cast.dung, record_type=Person, record_id=7, purpose="inspections.finding_detail"
            )
    finally:
        for var, token in zip(
            (request_context.route, request_context.request_id, request_context.client_ip),
            tokens,
            strict=True,
        ):
            var.reset(token)

    row = AccessLogEntry.objects.get(pk=entry.pk)
    assert (row.actor_id, row.actor_label, row.record_type, row.record_id) == (
        cast.dung.pk,
        "dung",
        "people.person",
        "7",
    )
    assert (row.purpose, row.route, row.request_id, row.ip_address) == (
        "inspections.finding_detail", "GET /inspections/findings/7/", "req-1", "10.0.0.9"
    )  # fmt: skip
    assert abs(row.at - timezone.now()) < dt.timedelta(seconds=5)
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["INSERT"]
    assert not AuditEntry.objects.filter(action__contains="read").exists()  # not the audit trail


def test_a_list_page_logs_its_records_in_one_insert(cast):
    with CaptureQueriesContext(connection) as queries:
        logged = access_log.record_reads(
            actor=cast.dung, record_type="feedback.contact", record_ids=[3, 1, 2, 3], purpose="feedback.list"
        )
    with CaptureQueriesContext(connection) as none:
        empty = access_log.record_reads(
            actor=cast.dung, record_type="feedback.contact", record_ids=[], purpose="x"
        )

    assert logged == 3
    assert len(queries.captured_queries) == 1
    assert sorted(AccessLogEntry.objects.values_list("record_id", flat=True)) == ["1", "2", "3"]
    assert (empty, len(none.captured_queries)) == (0, 0)


@pytest.mark.parametrize(("record_type", "purpose"), [("", "x"), ("people.person", "  ")])
def test_a_read_names_its_record_type_and_purpose(cast, record_type, purpose):
    with pytest.raises(ValueError):
        access_log.record_read(actor=cast.dung, record_type=record_type, record_id=1, purpose=purpose)


def test_the_log_is_never_changed_nor_emptied_by_the_application(cast):
    entry = access_log.record_read(actor=cast.dung, record_type=Person, record_id=1, purpose="x")
    entry.purpose = "changed"

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="changed")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).purpose == "x"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_accesslogentry SET purpose = 'changed'",
        "DELETE FROM core_accesslogentry",
    ],
)
def test_the_database_refuses_to_change_or_remove_a_row(cast, sql):
    access_log.record_read(actor=cast.dung, record_type=Person, record_id=1, purpose="x")

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AccessLogEntry.objects.get().purpose == "x"


def test_the_database_refuses_an_insert_that_replaces_a_row(cast):
    entry = access_log.record_read(actor=cast.dung, record_type=Person, record_id=1, purpose="x")
    replace = (
        "INSERT OR REPLACE INTO core_accesslogentry (id, at, actor_label, record_type, record_id, purpose, "
        "route, request_id, ip_address) VALUES (%s, %s, 'x', 'x', 'x', 'x', '', '', '')"
    )
    if connection.vendor == "postgresql":
        replace = (
            "INSERT INTO core_accesslogentry (id, at, actor_label, record_type, record_id, purpose, route, "
            "request_id, ip_address) VALUES (%s, %s, 'x', 'x', 'x', 'x', '', '', '') "
            "ON CONFLICT (id) DO UPDATE SET purpose = 'changed'"
        )

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(replace, [entry.pk, timezone.now()])
    assert AccessLogEntry.objects.get().purpose == "x"


# --- reading the log: the auditor only ----------------------------------------------------------


@pytest.fixture
def reads(cast):
    access_log.record_read(actor=cast.dung, record_type="inspections.finding", record_id=7, purpose="a")
    access_log.record_read(actor=cast.oanh, record_type="inspections.finding", record_id=8, purpose="b")
    access_log.record_read(actor=cast.dung, record_type="feedback.contact", record_id=7, purpose="c")
    access_log.record_read(actor=cast.dung, record_type="feedback.contact", record_id=9, purpose="d")
    return cast


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_auditor_reads_the_log_newest_first_and_narrows_it(reads):
    auditor = _auditor()
    api = _api(auditor)

    everything = api.get("/api/v1/access-log/").json()
    finding = api.get("/api/v1/access-log/", {"record_type": "inspections.finding", "record_id": "7"}).json()
    by_oanh = api.get("/api/v1/access-log/", {"actor": reads.oanh.pk}).json()
    today = timezone.localdate().isoformat()
    this_day = api.get("/api/v1/access-log/", {"from": today, "to": today}).json()
    before = api.get("/api/v1/access-log/", {"to": "2020-01-01"}).json()
    page = api.get("/api/v1/access-log/", {"page_size": 2}).json()

    assert [row["purpose"] for row in everything["results"]] == ["d", "c", "b", "a"]
    assert [row["purpose"] for row in finding["results"]] == ["a"]
    assert [row["purpose"] for row in by_oanh["results"]] == ["b"]
    assert this_day["count"] == 4 and before["count"] == 0
    assert (page["count"], len(page["results"]), page["next"] is not None) == (4, 2, True)
    assert set(everything["results"][0]) == {
        "id", "at", "actor_id", "actor_label", "record_type", "record_id", "purpose", "route", "request_id",
        "ip_address",
    }  # fmt: skip


def test_a_bad_filter_is_400_naming_it(reads):
    api = _api(_auditor())

    assert api.get("/api/v1/access-log/", {"actor": "x"}).json()["fields"] == {
        "actor": ["Phải là số nguyên."]
    }
    assert "from" in api.get("/api/v1/access-log/", {"from": "15/09/2023"}).json()["fields"]


@pytest.mark.parametrize("who", ["dung", "olga", "administrator", "staff_without_it", "holder_not_staff"])
def test_everyone_but_the_auditor_is_refused_with_403(reads, administrator, who):
    user = {
        "dung": reads.dung,
        "olga": reads.olga,
        "administrator": administrator,
        "staff_without_it": User.objects.get(pk=AccountFactory.create(username="staff").pk),
        "holder_not_staff": _auditor("notstaff", staff=False),
    }[who]
    User.objects.filter(username="staff").update(is_staff=True)
    user = User.objects.get(pk=user.pk)

    response = _api(user).get("/api/v1/access-log/")

    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    with pytest.raises(PermissionDeniedError):
        access_log.entry_list(actor=user)


def test_anonymous_visitors_are_asked_to_sign_in(reads):
    assert APIClient().get("/api/v1/access-log/").status_code == 401


def test_the_administrator_manages_accounts_but_does_not_see_the_log_in_the_admin(reads, administrator):
    admin = Client()
    admin.force_login(administrator)
    auditor = Client()
    auditor.force_login(_auditor())

    assert admin.get("/admin/core/accesslogentry/").status_code == 403
    assert "accesslogentry" not in admin.get("/admin/").content.decode()
    page = auditor.get("/admin/core/accesslogentry/")
    assert page.status_code == 200
    assert "inspections.finding" in page.content.decode()
    entry = AccessLogEntry.objects.first()
    assert entry is not None
    assert auditor.post(f"/admin/core/accesslogentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert auditor.get("/admin/core/accesslogentry/add/").status_code == 403
    assert AccessLogEntry.objects.count() == 4
