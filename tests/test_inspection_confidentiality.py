"""Findings, conclusions and discipline about a person, walked through every route (issue 12,
item 7; ADR 0042): a district's user, another department's leader, the system administrator, an
official and the leader of the inspected unit read every GET route of the system (the API, the
pages, the admin's lists) and no answer holds a word of them; the inspector (after his second
factor) reads them, and his reads, only his, are in the access log."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from mandate.core.models import AccessLogEntry, AuditEntry
from mandate.inspections import services
from mandate.inspections.tests.conftest import RULES, as_yaml, catalogue_rows, upload
from mandate.inspections.tests.factories import (
    DISCIPLINE_REASON,
    PERSON_CONCLUSION,
    PERSON_FINDING,
    UNIT_FINDING,
    sensitive_world,
)
from tests.route_policy import all_routes

SECRETS = (PERSON_FINDING, PERSON_CONCLUSION, DISCIPLINE_REASON)
PDF = b"%PDF-1.4\n%%EOF\n"
DAY = dt.date(2024, 7, 19)
_ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")


@pytest.fixture
def world(cast: SimpleNamespace, make_document: Any) -> SimpleNamespace:
    services.discipline_rules_load(actor=None, file=SimpleUploadedFile(RULES.name, RULES.read_bytes()))
    make_document("24-CT/TU", cast.standing, issued_on=dt.date(2023, 8, 7), is_public=True)
    w = sensitive_world(cast)
    catalogue = services.catalogue_load(
        actor=None, file=upload("c.yaml", as_yaml(catalogue_rows())), owner_unit=cast.city_party
    ).catalogue
    sign = catalogue.signs.get(code="T-VP-01")
    w.finding = services.finding_record(
        actor=w.kiemtra, subject=w.person_subject, text=PERSON_FINDING, signs=[sign], recorded_on=DAY
    )
    w.unit_finding = services.finding_record(
        actor=w.kiemtra, subject=w.unit_subject, text=UNIT_FINDING, signs=[sign], recorded_on=DAY
    )
    (w.evidence,) = services.finding_evidence_add(
        actor=w.kiemtra, finding=w.finding, files=[SimpleUploadedFile("bien-ban.pdf", PDF)]
    )
    w.conclusion = services.conclusion_record(
        actor=w.kiemtra, subject=w.person_subject, violated=True, severity="less_serious",
        proposes_discipline=True, proposed_form="reprimand", text=PERSON_CONCLUSION, concluded_on=DAY,
    )  # fmt: skip
    w.decision = services.discipline_decide(
        actor=w.kiemtra, subject_kind="party_member", person=w.duc.person, deciding_unit=w.commission,
        number="05-QĐ/UBKTTU", decided_on=DAY, form="reprimand", reason=DISCIPLINE_REASON,
        effective_from=DAY, conclusion=w.conclusion,
    )  # fmt: skip
    return w


def _values(w: SimpleNamespace) -> dict[str, int]:
    return {
        "inspection_id": w.inspection.pk,
        "finding_id": w.finding.pk,
        "evidence_id": w.evidence.pk,
        "subject_id": w.person_subject.pk,
        "decision_id": w.decision.pk,
        "person_id": w.duc.person.pk,
        "unit_id": w.unit_subject.unit_id,
    }


def _urls(w: SimpleNamespace) -> list[str]:
    """Every GET route, its arguments filled with the sensitive records' ids where they name one
    (any id elsewhere: a route about something else must not show them either), and the lists
    narrowed to the person."""
    values = _values(w)

    def fill(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        if name in values:
            return str(values[name])
        return "x" if converter in {"str", "slug", "path"} else "1"

    urls = set()
    for route, name, _callback in all_routes():
        if (name.startswith("admin:") and "<" in route) or "(?P<" in route:
            continue  # the admin's object pages: its lists are walked, no inspection model is in it
        urls.add("/" + _ARGUMENT.sub(fill, route).replace("^", "").replace("$", ""))
    person, inspection = w.duc.person.pk, w.inspection.pk
    urls |= {
        f"/api/v1/inspections/discipline/?person={person}",
        f"/api/v1/inspections/{inspection}/findings/?subject={w.person_subject.pk}&withdrawn=true",
        f"/api/v1/audit/?target_type=inspections.finding&target_id={w.finding.pk}",
        f"/inspections/statistics/?body={w.body.pk}&from=01/01/2024&to=31/12/2024",
        f"/inspections/statistics/records/?body={w.body.pk}&from=01/01/2024&to=31/12/2024"
        "&row=upon_signs&count=members",
    }
    return sorted(urls)


def _body(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", errors="replace")


def _leaks(text: str) -> list[str]:
    forms = {form for secret in SECRETS for form in (secret, html.escape(secret), json.dumps(secret)[1:-1])}
    return [form for form in forms if form in text]


def _client(user: Any) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user=user)
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["bao", "tin", "ad", "oanh", "dung"])
def test_no_route_shows_a_persons_finding_conclusion_or_discipline_to_others(cast, world, who):
    client = _client(getattr(cast, who))
    # The inspections' records only: a leader's legitimate reads of his own people's evaluations
    # (issue 14) are logged too, and are not what this test is about.
    inspection_reads = AccessLogEntry.objects.filter(record_type__startswith="inspections.")
    logged_before = inspection_reads.count()
    leaks = []
    for url in _urls(world):
        response = client.get(url)
        found = _leaks(_body(response))
        if found:
            leaks.append((url, response.status_code, found))
    assert leaks == []
    for url in (
        f"/api/v1/inspections/findings/{world.finding.pk}/",
        f"/api/v1/inspections/findings/{world.finding.pk}/evidence/{world.evidence.pk}/",
        f"/api/v1/inspections/subjects/{world.person_subject.pk}/conclusion/",
        f"/api/v1/inspections/discipline/{world.decision.pk}/",
        f"/api/v1/inspections/people/{world.duc.person.pk}/discipline/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"
    # A refused read is no read: nothing of theirs in the access log.
    assert inspection_reads.count() == logged_before


def test_the_walk_finds_them_where_the_inspector_may_read_them(world):
    """The walk's own check: the same routes, as the inspector, do show the texts."""
    client = _client(world.kiemtra)
    urls = _urls(world)
    shown = {form for url in urls for form in _leaks(_body(client.get(url)))}
    assert len(urls) > 100
    assert set(SECRETS) <= shown


def test_the_inspected_units_leader_sees_the_finding_about_his_unit_not_about_his_people(cast, world):
    rows = _client(cast.dung).get(f"/api/v1/inspections/{world.inspection.pk}/findings/").json()["results"]
    assert [row["text"] for row in rows] == [UNIT_FINDING]


def test_the_inspector_reads_them_and_each_read_is_in_the_access_log(world):
    client = _client(world.kiemtra)
    finding = client.get(f"/api/v1/inspections/findings/{world.finding.pk}/").json()
    conclusion = client.get(f"/api/v1/inspections/subjects/{world.person_subject.pk}/conclusion/").json()
    decision = client.get(f"/api/v1/inspections/discipline/{world.decision.pk}/").json()
    listed = client.get(f"/api/v1/inspections/{world.inspection.pk}/findings/").json()["results"]

    assert (finding["text"], conclusion["text"], decision["reason"]) == SECRETS
    assert {row["text"] for row in listed} == {PERSON_FINDING, UNIT_FINDING}
    logged = set(
        AccessLogEntry.objects.filter(actor_id=world.kiemtra.pk).values_list("record_type", "record_id")
    )
    assert logged == {
        ("inspections.finding", str(world.finding.pk)),  # the detail and the list; not the unit's
        ("inspections.conclusion", str(world.conclusion.pk)),
        ("inspections.disciplinedecision", str(world.decision.pk)),
    }
    assert (
        AccessLogEntry.objects.filter(
            record_type="inspections.finding", purpose="inspections.finding_list"
        ).count()
        == 1
    )


def test_the_inspector_without_his_second_factor_reads_nothing(world):
    client = APIClient()
    client.force_login(world.kiemtra)
    session = client.session
    session.pop("mandate_second_factor", None)
    session.save()
    response = client.get(f"/api/v1/inspections/findings/{world.finding.pk}/")
    assert (response.status_code, response.json()["code"]) == (403, "second_factor_required")


def test_the_person_reads_his_own(world):
    client = _client(world.duc)
    assert client.get(f"/api/v1/inspections/findings/{world.finding.pk}/").json()["text"] == PERSON_FINDING
    history = client.get(f"/api/v1/inspections/people/{world.duc.person.pk}/discipline/").json()["results"]
    assert [row["reason"] for row in history] == [DISCIPLINE_REASON]


def test_the_audit_trail_holds_no_text_of_them(world):
    services.finding_withdraw(actor=world.kiemtra, finding=world.finding, reason="Rút", expected_version=1)
    entries = list(AuditEntry.objects.filter(target_type__startswith="inspections."))
    assert {e.action for e in entries} >= {
        "inspections.finding_record",
        "inspections.finding_evidence_add",
        "inspections.conclusion_record",
        "inspections.discipline_decide",
        "inspections.finding_withdraw",
    }
    for entry in AuditEntry.objects.all():
        text = json.dumps([entry.target_label, entry.before, entry.after], ensure_ascii=False)
        assert _leaks(text) == [], entry.action
