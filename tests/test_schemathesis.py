"""Schemathesis drives every operation of the OpenAPI schema in-process, as each role, with valid
and invalid data: no answer is a 5xx, every status code, content type and body is the one the
schema documents, and invalid data is refused.

Fixed seed and a bounded number of examples per operation, so a run is repeatable and short; a
larger run is ``bench/fuzz.py``.
"""

import datetime as dt
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from mandate.people import credentials

# bench/fuzz.py raises these for the larger run.
EXAMPLES_PER_OPERATION = int(os.environ.get("MANDATE_FUZZ_EXAMPLES", "25"))
DERANDOMIZE = os.environ.get("MANDATE_FUZZ_DERANDOMIZE", "1") == "1"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


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
    # ad, a superuser, signs in with a second factor: his token is one made after it (ADR 0034).
    return {
        who: credentials.api_token_issue(
            actor=getattr(cast, who), name="schemathesis", second_factor=who == "ad"
        )[1]
        for who in ("van", "olga", "ad")
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=DERANDOMIZE,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, tokens):
    for who in ("van", "olga", "ad"):
        case.call_and_validate(headers={"Authorization": f"Token {tokens[who]}"}, checks=CHECKS)
