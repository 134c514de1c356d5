import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from mandate.core.models import AuditEntry
from mandate.notifications.models import Notification
from mandate.notifications.tests.helpers import notice
from mandate.people.models import User

LIST = "/api/v1/notifications/"


def test_the_list_shows_the_users_own_notices_and_nothing_of_others(cast, api):
    mine = notice(cast.dung, "Nhắc việc", kind="reminder_due", unit=cast.culture, url="/tasks/3/")
    notice(cast.oanh, "Của Oanh")

    response = api(cast.dung).get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (
        row["id"],
        row["kind"],
        row["title"],
        row["unit"],
        row["unit_name"],
        row["url"],
        row["read_at"],
    ) == (
        mine.pk,
        "reminder_due",
        "Nhắc việc",
        cast.culture.pk,
        cast.culture.name,
        "/tasks/3/",
        None,
    )
    assert row["kind_label"]
    assert api(cast.ad).get(LIST).json()["count"] == 0


def test_a_notice_without_a_unit_lists_with_no_unit_name(cast, api):
    notice(cast.dung)

    row = api(cast.dung).get(LIST).json()["results"][0]

    assert (row["unit"], row["unit_name"]) == (None, None)


def test_unread_narrows_the_list_and_a_value_that_is_not_yes_or_no_is_a_400_naming_it(cast, api):
    read = notice(cast.dung, "Đã đọc")
    unread = notice(cast.dung, "Chưa đọc")
    api(cast.dung).post(f"/api/v1/notifications/{read.pk}/read/")

    assert [r["id"] for r in api(cast.dung).get(LIST, {"unread": "true"}).json()["results"]] == [unread.pk]
    assert api(cast.dung).get(LIST, {"unread": "false"}).json()["count"] == 2
    response = api(cast.dung).get(LIST, {"unread": "maybe"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == ["unread"]


def test_the_unread_count_counts_only_the_users_unread_notices(cast, api):
    notice(cast.dung)
    notice(cast.dung)
    notice(cast.oanh)

    assert api(cast.dung).get("/api/v1/notifications/unread-count/").json() == {"unread": 2}
    assert api(cast.olga).get("/api/v1/notifications/unread-count/").json() == {"unread": 0}


def test_marking_read_returns_the_notice_and_a_second_time_changes_nothing(cast, api):
    mine = notice(cast.dung)
    before = AuditEntry.objects.count()

    first = api(cast.dung).post(f"/api/v1/notifications/{mine.pk}/read/")
    again = api(cast.dung).post(f"/api/v1/notifications/{mine.pk}/read/")

    assert first.status_code == again.status_code == 200
    assert first.json()["id"] == mine.pk
    assert first.json()["read_at"] is not None
    assert again.json()["read_at"] == first.json()["read_at"]
    assert api(cast.dung).get("/api/v1/notifications/unread-count/").json() == {"unread": 0}
    assert list(AuditEntry.objects.order_by("id")[before:].values_list("action", flat=True)) == [
        "notifications.read"
    ]


@pytest.mark.parametrize("who", ["oanh", "van", "ad", "olga"])
def test_someone_elses_notice_is_404_and_stays_unread(cast, api, who):
    mine = notice(cast.dung)

    response = api(getattr(cast, who)).post(f"/api/v1/notifications/{mine.pk}/read/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert Notification.objects.get(pk=mine.pk).read_at is None


@pytest.mark.parametrize("bad", ["abc", "0", str(2**70)])
def test_an_id_that_is_no_notice_is_a_json_404(cast, api, bad):
    response = api(cast.dung).post(f"/api/v1/notifications/{bad}/read/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_read_all_marks_the_users_notices_and_says_how_many(cast, api):
    notice(cast.dung)
    notice(cast.dung)
    notice(cast.oanh)

    assert api(cast.dung).post("/api/v1/notifications/read-all/").json() == {"marked": 2}
    assert api(cast.dung).post("/api/v1/notifications/read-all/").json() == {"marked": 0}
    assert Notification.objects.get(recipient=cast.oanh).read_at is None


def test_the_read_routes_answer_only_post(cast, api):
    mine = notice(cast.dung)

    assert api(cast.dung).get(f"/api/v1/notifications/{mine.pk}/read/").status_code == 405
    assert api(cast.dung).get("/api/v1/notifications/read-all/").status_code == 405


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", LIST),
        ("get", "/api/v1/notifications/unread-count/"),
        ("post", "/api/v1/notifications/read-all/"),
    ],
)
def test_anonymous_visitors_are_asked_to_sign_in(db, api, method, url):
    response = getattr(api(None), method)(url)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def _queries(username):
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))  # a fresh user, as in a real request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, {"page_size": 200})
    assert response.status_code == 200
    return len(captured), len(response.json()["results"])


def test_the_list_query_count_does_not_grow_with_rows(cast):
    for number in range(2):
        notice(cast.dung, f"Nhắc {number}", unit=cast.culture if number % 2 else cast.info)
    few = _queries("dung")
    for number in range(2, 17):
        notice(cast.dung, f"Nhắc {number}", unit=cast.culture if number % 2 else None)
    many = _queries("dung")

    assert many[1] == few[1] + 15
    assert many[0] == few[0]
