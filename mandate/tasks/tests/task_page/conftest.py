"""The cast's task on the task page: a directive of the city Party committee, assigned by the city
office to the Department of Culture with the information office coordinating."""

import datetime as dt

import pytest
from django.utils import timezone

from mandate.tasks.services import assignment


@pytest.fixture
def directive(cast, make_document):
    return make_document("24-CT/TU", cast.city_party, issued_on=dt.date(2023, 1, 5))


@pytest.fixture
def deadline():
    return timezone.localdate() + dt.timedelta(days=60)


@pytest.fixture
def task(cast, directive, deadline):
    return assignment.task_assign(
        actor=cast.van,
        document=directive,
        content="Tổ chức tuyên truyền Chỉ thị 24",
        lead_unit=cast.culture,
        assigner_unit=cast.party_office,
        coordinating_units=[cast.info],
        deadline_on=deadline,
        expected_product="Báo cáo kết quả tuyên truyền",
        authority="Thường trực Thành ủy",
    )


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
