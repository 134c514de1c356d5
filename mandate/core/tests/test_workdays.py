import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.core import audit, workdays
from mandate.core.calendar_services import calendar_override_remove, calendar_override_set
from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.models import AuditEntry, CalendarOverride

D = dt.date


@pytest.fixture(autouse=True)
def _fresh_override_cache():
    """Each test's overrides are rolled back with its transaction; the cache must not outlive it."""
    workdays.clear_override_cache()
    yield
    workdays.clear_override_cache()


def _set(day, is_working_day, reason="Quyết định 1234/QĐ-TTg: nghỉ bù", actor=None):
    return calendar_override_set(actor=actor, day=day, is_working_day=is_working_day, reason=reason)


# What the holiday library says (holidays 0.109), which the rest relies on.


def test_the_library_knows_make_up_saturdays_and_the_days_off_they_pay_for():
    calendar = workdays.library_calendar

    assert calendar.is_working_day(D(2024, 5, 4))  # Saturday worked for Monday 29/04/2024
    assert not calendar.is_working_day(D(2024, 4, 29))
    assert calendar.is_working_day(D(2025, 4, 26))  # Saturday worked for Friday 02/05/2025
    assert not calendar.is_working_day(D(2025, 5, 2))
    assert not calendar.is_working_day(D(2024, 5, 11))  # an ordinary Saturday
    assert calendar.next_working_day(D(2025, 1, 24)) == D(2025, 2, 3)  # Tết 2025


def test_the_library_moves_2023_s_weekend_holidays_to_the_next_working_days():
    library = workdays.library_year(2023)

    # Giỗ Tổ on Saturday 29/04 and 30/04 on Sunday are taken on Tuesday 02/05 and Wednesday 03/05.
    assert {D(2023, 4, 29), D(2023, 4, 30), D(2023, 5, 1), D(2023, 5, 2), D(2023, 5, 3)} <= library.days_off
    assert library.weekend_workdays == frozenset()


# Deadlines.


@pytest.mark.django_db
def test_ten_working_days_from_5_february_2024_skip_tet_and_end_on_26_february():
    assert workdays.add_working_days(D(2024, 2, 5), 10) == D(2024, 2, 26)


@pytest.mark.django_db
def test_ten_working_days_from_26_april_2023_skip_the_29_april_to_3_may_break():
    assert workdays.add_working_days(D(2023, 4, 26), 10) == D(2023, 5, 15)


@pytest.mark.django_db
def test_day_one_is_the_first_working_day_after_the_start():
    assert workdays.add_working_days(D(2024, 3, 1), 1) == D(2024, 3, 4)  # Friday → Monday
    assert workdays.next_working_day(D(2024, 3, 4)) == D(2024, 3, 5)
    assert workdays.working_days_between(D(2024, 3, 1), D(2024, 3, 4)) == 1
    assert workdays.working_days_between(D(2024, 3, 4), D(2024, 3, 4)) == 0
    assert workdays.working_days_between(D(2024, 3, 5), D(2024, 3, 4)) == 0


@pytest.mark.parametrize("n", [0, -1, 1001, True])
def test_a_period_outside_1_to_1000_working_days_is_refused(n):
    with pytest.raises(ValueError, match="1 to 1000"):
        workdays.library_calendar.add_working_days(D(2024, 1, 1), n)


@pytest.mark.parametrize("day", [D(1999, 12, 31), D(2101, 1, 1)])
def test_days_outside_2000_to_2100_are_refused_with_the_reason(day):
    with pytest.raises(ValueError, match="covers 2000 to 2100"):
        workdays.library_calendar.is_working_day(day)
    with pytest.raises(ValueError, match="covers 2000 to 2100"):
        workdays.library_calendar.add_working_days(day, 1)


def test_a_period_running_past_2100_is_refused():
    with pytest.raises(ValueError, match="2101-01-01"):
        workdays.library_calendar.add_working_days(D(2100, 12, 20), 30)


def test_a_datetime_is_refused_because_its_day_depends_on_the_time_zone():
    with pytest.raises(TypeError):
        workdays.library_calendar.add_working_days(dt.datetime(2024, 2, 5, 23, 0, tzinfo=dt.UTC), 1)


# Overrides.


@pytest.mark.django_db
def test_a_working_day_declared_off_moves_the_deadline_by_one_working_day():
    _set(D(2024, 2, 20), is_working_day=False)

    assert not workdays.is_working_day(D(2024, 2, 20))
    assert workdays.add_working_days(D(2024, 2, 5), 10) == D(2024, 2, 27)


@pytest.mark.django_db
def test_a_declared_make_up_saturday_moves_the_deadline_back():
    _set(D(2024, 2, 20), is_working_day=False)
    _set(D(2024, 2, 24), is_working_day=True, reason="Làm bù cho ngày 20/02/2024")

    assert workdays.is_working_day(D(2024, 2, 24))
    assert workdays.add_working_days(D(2024, 2, 5), 10) == D(2024, 2, 26)


@pytest.mark.django_db
def test_a_removed_override_no_longer_applies_but_stays_on_file():
    override = _set(D(2024, 2, 20), is_working_day=False)
    assert workdays.add_working_days(D(2024, 2, 5), 10) == D(2024, 2, 27)

    calendar_override_remove(actor=None, override=override, reason="Quyết định bị thu hồi")

    assert workdays.add_working_days(D(2024, 2, 5), 10) == D(2024, 2, 26)
    override.refresh_from_db()
    assert override.retired_at is not None
    assert override.retired_reason == "Quyết định bị thu hồi"


@pytest.mark.django_db
def test_setting_a_removed_day_again_brings_its_row_back():
    override = _set(D(2024, 2, 20), is_working_day=False)
    calendar_override_remove(actor=None, override=override, reason="Nhầm")

    again = _set(D(2024, 2, 20), is_working_day=False, reason="Quyết định 99/QĐ-UBND")

    assert again.pk == override.pk
    assert again.retired_at is None
    assert not workdays.is_working_day(D(2024, 2, 20))
    assert CalendarOverride.objects.count() == 1


@pytest.mark.django_db
def test_removing_twice_is_refused():
    override = _set(D(2024, 2, 20), is_working_day=False)
    calendar_override_remove(actor=None, override=override, reason="Nhầm")

    with pytest.raises(ApplicationError) as caught:
        calendar_override_remove(actor=None, override=override, reason="Nhầm")
    assert caught.value.code == "already_retired"


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   "])
def test_an_override_needs_a_reason(reason):
    with pytest.raises(ApplicationError) as caught:
        _set(D(2024, 2, 20), is_working_day=False, reason=reason)
    assert "reason" in caught.value.fields
    assert not CalendarOverride.objects.exists()


@pytest.mark.django_db
def test_a_change_is_seen_by_other_readers_once_it_commits(django_capture_on_commit_callbacks):
    assert workdays.is_working_day(D(2024, 2, 20))  # the year is now cached

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _set(D(2024, 2, 20), is_working_day=False)

    assert workdays.clear_override_cache in callbacks
    assert not workdays.is_working_day(D(2024, 2, 20))


@pytest.mark.django_db
def test_counting_loads_each_year_s_overrides_once(django_assert_num_queries):
    _set(D(2025, 1, 2), is_working_day=False)
    workdays.clear_override_cache()

    with django_assert_num_queries(2):  # 2024 and 2025, not one per day
        deadline = workdays.add_working_days(D(2024, 12, 20), 60)
        workdays.add_working_days(D(2024, 12, 20), 60)

    assert deadline == workdays.library_calendar.add_working_days(D(2024, 12, 20), 61)


# Who may change the calendar, and the trail it leaves.


def _with_permission(user):
    user.user_permissions.add(Permission.objects.get(codename="change_calendaroverride"))
    return get_user_model().objects.get(pk=user.pk)  # fresh: Django caches permissions on the instance


# The accounts come from the named cast (conftest.py): mandate.core may not import mandate.people.


def test_an_account_without_the_permission_may_not_change_the_calendar(cast):
    clerk = cast.dung  # a department head, but not an administrator of the calendar
    before = AuditEntry.objects.count()

    with pytest.raises(PermissionDeniedError):
        _set(D(2024, 2, 20), is_working_day=False, actor=clerk)

    override = _set(D(2024, 2, 21), is_working_day=False)
    with pytest.raises(PermissionDeniedError):
        calendar_override_remove(actor=clerk, override=override, reason="Nhầm")
    assert CalendarOverride.objects.get().retired_at is None
    assert AuditEntry.objects.count() == before + 1


def test_holders_of_the_permission_and_superusers_may_change_the_calendar(cast):
    keeper = _with_permission(cast.van)
    root = cast.ad

    first = _set(D(2024, 2, 20), is_working_day=False, actor=keeper)
    second = _set(D(2024, 2, 21), is_working_day=False, actor=root)
    calendar_override_remove(actor=root, override=first, reason="Nhầm")

    assert first.pk and second.pk
    assert AuditEntry.objects.filter(action="core.calendar_override", actor_id=keeper.pk).count() == 1


def test_every_override_change_writes_one_audit_entry_with_before_and_after(cast):
    keeper = _with_permission(cast.van)
    last_entry = AuditEntry.objects.order_by("id").last()
    assert last_entry is not None
    last = last_entry.pk

    override = _set(D(2024, 2, 20), is_working_day=False, actor=keeper)
    _set(D(2024, 2, 20), is_working_day=False, actor=keeper)  # the same ruling: no change
    _set(D(2024, 2, 20), is_working_day=True, reason="Đổi lại", actor=keeper)
    calendar_override_remove(actor=keeper, override=override, reason="Nhầm")

    created, changed, removed = AuditEntry.objects.filter(pk__gt=last).order_by("id")
    assert (created.action, created.before) == ("core.calendar_override", None)
    assert created.after is not None and removed.before is not None and removed.after is not None
    assert created.after["day"] == "2024-02-20"
    assert created.after["is_working_day"] is False
    assert changed.action == "core.calendar_override"
    assert changed.before == {"is_working_day": False, "reason": "Quyết định 1234/QĐ-TTg: nghỉ bù"}
    assert changed.after == {"is_working_day": True, "reason": "Đổi lại"}
    assert removed.action == "core.calendar_override_remove"
    assert removed.before["retired_at"] is None
    assert removed.after["retired_reason"] == "Nhầm"
    assert {entry.actor_label for entry in (created, changed, removed)} == {keeper.username}
    assert audit.verify().ok


# The admin site.


def test_the_admin_adds_and_removes_overrides_through_the_services(cast, client):
    client.force_login(cast.ad)

    response = client.post(
        "/admin/core/calendaroverride/add/",
        {"day": "2024-02-20", "is_working_day": "", "reason": "Quyết định 1/QĐ", "source_document": "1/QĐ"},
    )
    assert response.status_code == 302, response.content[:2000]
    override = CalendarOverride.objects.get()
    assert not workdays.is_working_day(D(2024, 2, 20))

    response = client.post(
        f"/admin/core/calendaroverride/{override.pk}/change/",
        {
            "is_working_day": "",
            "reason": "Quyết định 1/QĐ",
            "source_document": "1/QĐ",
            "retire_reason": "Nhầm",
            "opened_version": 1,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert workdays.is_working_day(D(2024, 2, 20))
    for page in ("", "add/", f"{override.pk}/change/"):
        assert client.get(f"/admin/core/calendaroverride/{page}").status_code == 200
    entries = AuditEntry.objects.filter(target_type="core.calendaroverride")
    actions = list(entries.values_list("action", flat=True))
    assert actions == ["core.calendar_override", "core.calendar_override_remove"]


# Properties, on the library alone: no database, so each example is cheap.

days = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))
periods = st.integers(min_value=1, max_value=60)


def _check_properties(calendar, start, n):
    deadline = calendar.add_working_days(start, n)

    assert deadline > start
    assert calendar.is_working_day(deadline)
    assert calendar.working_days_between(start, deadline) == n
    assert calendar.add_working_days(start, n + 1) > deadline
    assert calendar.add_working_days(start, n + 1) == calendar.next_working_day(deadline)


@given(start=days, n=periods)
@settings(max_examples=200, deadline=None)
def test_a_deadline_is_the_nth_working_day_after_the_start(start, n):
    _check_properties(workdays.library_calendar, start, n)


@pytest.fixture
def loaded_overrides(db):
    """A few overrides, loaded into the cache once for every year the examples can reach."""
    _set(D(2024, 2, 20), is_working_day=False)
    _set(D(2024, 2, 24), is_working_day=True)
    _set(D(2027, 6, 7), is_working_day=False)
    _set(D(2030, 12, 28), is_working_day=True)
    for year in range(2020, 2032):
        workdays.stored_overrides(year)


@given(start=days, n=periods)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_properties_hold_with_overrides_without_a_query_per_example(
    loaded_overrides, django_assert_num_queries, start, n
):
    with django_assert_num_queries(0):
        _check_properties(workdays.default_calendar, start, n)
