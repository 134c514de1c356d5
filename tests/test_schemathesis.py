"""Schemathesis drives every operation of the OpenAPI schema in-process: no answer may be a 5xx.

Fixed seed and a bounded number of examples per operation, so a run is repeatable and short.
"""

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from mandate.people import credentials

EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def api_schema(db):
    from config.wsgi import application

    # Called as a plain WSGI app (not Django's test client), requests would close the test's
    # database connection in the middle of its transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def tokens(cast, make_document):
    make_document("47-KH/ĐU", cast.culture_party)
    make_document("24-CT/TU", cast.standing, is_public=True, issued_on=dt.date(2023, 8, 7))
    return {
        who: credentials.api_token_issue(actor=getattr(cast, who), name="schemathesis")[1]
        for who in ("van", "olga", "ad")
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_with_a_server_error(case, tokens):
    for who in ("van", "olga", "ad"):
        case.call_and_validate(headers={"Authorization": f"Token {tokens[who]}"}, checks=[not_a_server_error])
