"""List endpoints run a fixed number of queries, however many rows they return."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from mandate.organisations.tests.factories import UnitFactory
from mandate.people.models import User
from mandate.people.tests.factories import AccountFactory


def _queries(url):
    client = APIClient()
    client.force_authenticate(User.objects.get(username="van"))  # a fresh user, as in a real request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    return len(captured), len(response.json()["results"])


def _add_documents(cast, make_document, numbers):
    for number in numbers:
        make_document(f"{number}/KH-SVHTT", cast.culture, recipient_units=[cast.culture_office])


def _add_offices_with_heads(cast, numbers):
    for number in numbers:
        unit = UnitFactory(parent=cast.culture, name=f"Phòng {number}")
        AccountFactory(
            username=f"staff{number}",
            position={"unit": unit, "title": "Trưởng phòng", "role": "leader", "is_head": True},
        )


def test_document_list_query_count_does_not_grow_with_rows(cast, make_document):
    _add_documents(cast, make_document, range(100, 102))
    few = _queries("/api/v1/documents/")
    _add_documents(cast, make_document, range(200, 215))
    many = _queries("/api/v1/documents/")

    assert many[1] == few[1] + 15
    assert many[0] == few[0]


@pytest.mark.parametrize("url", ["/api/v1/organisations/", "/api/v1/people/", "/api/v1/positions/"])
def test_directory_and_people_lists_query_count_does_not_grow_with_rows(cast, url):
    _add_offices_with_heads(cast, range(2))
    few = _queries(url)
    _add_offices_with_heads(cast, range(2, 17))
    many = _queries(url)

    assert many[1] == few[1] + 15
    assert many[0] == few[0]
