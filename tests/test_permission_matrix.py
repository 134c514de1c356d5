"""Every route, present and future, tried by strangers: anonymous visitors, an outsider from
another province, and a sibling unit inside the same city."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.permissions import AllowAny

from mandate.core.models import AuditEntry
from mandate.documents import services as document_services
from mandate.documents.models import Document
from mandate.inspections import services as catalogue_services
from mandate.notifications import services as notification_services
from mandate.people import credentials
from mandate.tasks.services import assignment, progress
from tests.route_policy import ROUTES, all_routes, policy_for
from tests.route_policy_evaluations import SIGNALS_PERSONAL_OBJECTS, signals_objects

PDF = b"%PDF-1.4\n%%EOF\n"
CATALOGUE = (
    "catalogue: {key: dm, name: Danh mục, name_en: Catalogue, valid_from: 2023-01-01}\n"
    "groups: [{code: A, name: Nhóm A, name_en: Group A}]\n"
    "signs: [{code: A-1, group: A, text: Biểu hiện, text_en: Sign}]\n"
).encode()


def test_every_route_is_classified():
    unclassified = [(route, name) for route, name, _ in all_routes() if policy_for(name) is None]
    assert unclassified == [], "Add these routes to tests/route_policy.py"


def test_no_declared_route_is_stale():
    names = {name for _, name, _ in all_routes()}
    assert set(ROUTES) - names == set()


def _is_public(callback):
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None and hasattr(view_class, "permission_classes"):
        return AllowAny in view_class.permission_classes
    return getattr(callback, "login_required", True) is False


def test_public_routes_are_exactly_the_allow_list():
    public = {
        name for _, name, callback in all_routes() if not name.startswith("admin:") and _is_public(callback)
    }
    declared = {name for name, policy in ROUTES.items() if policy.kind == "public"}
    assert public == declared


@pytest.fixture
def foreign(cast, make_document):
    """Objects of ours that outsiders must not reach: an internal plan with a file, its author."""
    plan = make_document("47-KH/ĐU", cast.culture_party)
    attachment = document_services.attachment_add(
        actor=None, document=plan, upload=SimpleUploadedFile("ke-hoach.pdf", PDF)
    )
    task = assignment.task_assign(
        actor=cast.van,
        document=plan,
        content="Kiểm tra nội bộ",
        lead_unit=cast.culture,
        assigner_unit=cast.party_office,
        deadline_on=dt.date(2031, 1, 1),
    )
    report = progress.task_report_progress(
        actor=cast.oanh, task=task, percent=10, text="Bắt đầu", files=[SimpleUploadedFile("bc.pdf", PDF)]
    )
    extension = progress.extension_request(
        actor=cast.dung, task=task, proposed_deadline_on=dt.date(2031, 6, 1), reason="Chờ"
    )
    from tests.write_world_evaluations_annual import annual_objects
    from tests.write_world_inspections import matrix_objects
    from tests.write_world_monthly import month_code, monthly_objects
    from tests.write_world_proposals import proposal_objects

    return {
        **annual_objects(cast.culture, cast.oanh.person, cast.ad),
        "annual_unit": cast.culture.pk,
        **_report_objects(cast),
        **monthly_objects(cast.culture, cast.vera.person),
        "evaluation_month": month_code(),
        **proposal_objects(cast.culture_office, cast.oanh.person),
        **_indicator_objects(cast),
        **matrix_objects(cast.standing, cast.city, cast.culture, cast.oanh.person),
        **signals_objects(cast),
        **_ranking_objects(cast),
        "task": task.pk,
        "evidence": report.evidence.get().pk,
        "extension": extension.pk,
        "document": plan.pk,
        "attachment": attachment.pk,
        "person": cast.dung.person.pk,
        "unit": cast.culture.pk,
        "notification": notification_services.notify(recipients=[cast.dung], kind="other", title="X")[0].pk,
        "token": credentials.api_token_issue(actor=cast.dung, name="X")[0].pk,
        "period": "N09-2023-C09",
        "catalogue": catalogue_services.catalogue_load(
            actor=None, file=SimpleUploadedFile("danh-muc.yaml", CATALOGUE), owner_unit=cast.culture_party
        ).catalogue.pk,
    }


def _report_objects(cast):
    """culture's report, issued by its director: its unit's people and every reader of culture
    (van and the city office) reach it; the others get 404."""
    from mandate.reports import services as report_services
    from mandate.reports.tests.sample import request_sample, sample_kind

    with sample_kind():
        report = request_sample(cast.dung, cast.culture)
    report_services.report_issue(actor=cast.dung, report=report, expected_version=report.version)
    return {"report": report.pk, "report_format": "docx", "report_chart": "done"}


def _ranking_objects(cast):
    """The city's People's Committee's index, ranking culture (tests/write_world_rankings.py)."""
    from tests.write_world_rankings import ranking_objects

    return ranking_objects("foreign", cast.city_state, cast.culture)


QUERY_SCOPED = {
    "api-inspection-statistics": {},
    "api-inspection-statistics-records": {"row": "upon_signs", "count": "members"},
    "api-inspection-statistics-export": {},
    "inspections:statistics": {},
    "inspections:statistics-records": {"row": "upon_signs", "count": "members"},
}


@pytest.mark.parametrize("who", ["olga", "bao", "tin", "dung", "ad"])
@pytest.mark.parametrize("name", sorted(QUERY_SCOPED))
def test_strangers_get_404_for_a_body_named_in_the_query(cast, api, who, name):
    """The inspection statistics name their body in the query: it does not exist for whoever is
    not its reader nor a leader of the committee it serves (the administrator's account included)."""
    from mandate.inspections.enums import BodyKind
    from mandate.inspections.tests.factories_stats import make_body

    body = make_body(cast.standing, BodyKind.STANDING_COMMITTEE, cast.city)
    query = {"body": body.pk, "from": "2023-01-01", "to": "2023-09-15", **QUERY_SCOPED[name]}

    response = api(getattr(cast, who)).get(reverse(name), query)

    assert response.status_code == 404
    if name.startswith("api-"):  # the pages answer the 404 page
        assert response.json()["code"] == "not_found"


def _indicator_objects(cast):
    """A set the culture department collects from its office: the office's value, submission and
    target, the department's indicator and its allocation (dung, oanh, van and ad are insiders;
    olga, bao and tin are not)."""
    from decimal import Decimal

    from mandate.indicators.models import Allocation, ValidationWarning
    from mandate.indicators.rule_templates import RuleSpec
    from mandate.indicators.services import rules, statements, targets
    from mandate.indicators.tests.factories import (
        enter,
        make_indicator,
        make_set,
        submission_of,
        target,
        year,
    )

    indicator = make_indicator(cast.culture, "VH-GDVH")
    indicator_set = make_set(
        cast.culture, [indicator], code="GDVH", lines=[(cast.culture_office, cast.culture)]
    )
    rule = rules.rule_create(
        actor=None,
        indicator_set=indicator_set,
        spec=RuleSpec("GDVH-MAX", "#{VH-GDVH}", "<=", "10", "warning", "Lớn bất thường"),
    )
    (actual,) = enter(indicator_set, cast.culture_office, year(2023), {indicator: "12"})
    target(indicator_set, indicator, cast.culture, year(2023), "20")
    result = targets.targets_allocate(
        actor=None,
        indicator_set=indicator_set,
        indicator=indicator,
        unit=cast.culture,
        period=year(2023),
        targets=[targets.TargetEntry(unit=cast.culture_office, value=Decimal(15))],
    )
    from mandate.core.models import JobRun

    job = JobRun.objects.create(
        name="core.sheet_import", args={"kind": "indicators.actuals", "actor_id": cast.dung.pk}
    )
    return {
        "indicator": indicator.pk,
        "indicator_set": indicator_set.pk,
        "indicator_period": year(2023).pk,
        "indicator_import_job": job.pk,
        "indicator_actual": actual.pk,
        "indicator_submission": submission_of(indicator_set, cast.culture_office, year(2023)).pk,
        "indicator_target": result.targets[0].pk,
        "indicator_allocation": Allocation.objects.get().pk,
        "indicator_rule": rule.pk,
        "indicator_warning": ValidationWarning.objects.get(rule=rule).pk,
        "indicator_statement": statements.statement_record(
            actor=None,
            unit=cast.culture_office,
            period=year(2023),
            statement=statements.Statement(text="90/69 = 130,4%"),
        ).pk,
    }


def _url(name, policy, objects):
    return reverse(name, kwargs={arg: objects[obj] for arg, obj in policy.objects.items()})


def _named_routes():
    return [(name, policy) for name, policy in ROUTES.items()]


@pytest.mark.parametrize(("name", "policy"), _named_routes(), ids=[n for n, _ in _named_routes()])
def test_anonymous_visitors_are_turned_away(client, foreign, name, policy):
    if policy.kind == "public":
        return
    url = _url(name, policy, foreign)
    for method in ("get", "post", "patch"):
        response = getattr(client, method)(url)
        assert response.status_code in {302, 401, 403, 405}, (method, url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(("/accounts/login/", "/admin/login/"))


def _outsider_cases():
    return [(n, p) for n, p in ROUTES.items() if p.kind == "scoped_object"]


@pytest.mark.parametrize("who", ["olga", "bao", "tin"])
@pytest.mark.parametrize(("name", "policy"), _outsider_cases(), ids=[n for n, _ in _outsider_cases()])
def test_strangers_get_404_for_our_objects_through_every_method(cast, api, foreign, who, name, policy):
    user = getattr(cast, who)
    url = _url(name, policy, foreign)
    before = (AuditEntry.objects.count(), Document.objects.get(pk=foreign["document"]).version)

    if policy.read:
        assert api(user).get(url).status_code == 404
    for method, body in policy.writes.items():
        response = getattr(api(user), method)(url, body, format="multipart" if not body else "json")
        assert response.status_code == 404, (method, url, response.status_code)
        if response.get("Content-Type", "").startswith("application/json"):
            assert response.json()["code"] == "not_found"

    assert (AuditEntry.objects.count(), Document.objects.get(pk=foreign["document"]).version) == before


# A notice belongs to its recipient (dung) alone, not to his unit: oanh, van and ad are no insiders
# of it. mandate/notifications/tests/test_api.py checks that dung reaches it and they get 404. An
# import's job is its uploader's (mandate/indicators/tests/test_sheets.py).
# Findings, conclusions and discipline about a person are read by the inspecting body and the
# person alone (tests/test_inspection_confidentiality.py walks every route as each role).
PERSONAL_OBJECTS = {
    "notification",
    "token",
    "indicator_import_job",
    "inspection",
    "inspection_subject",
    "finding",
    "finding_evidence",
    "discipline",
    "disciplined_person",
    "inspected_unit",
    *SIGNALS_PERSONAL_OBJECTS,
    # A monthly evaluation is its official's and his unit's leaders' (dung): mandate/evaluations/
    # tests/test_monthly_pages.py walks its routes as each of them.
    "monthly_evaluation",
    "evaluation_month",
    # An annual classification is its person's and his leaders' (ADR 0053); the sheet, its unit's
    # leaders' (an official sees his own row): mandate/evaluations/tests/test_annual_api.py.
    "annual_classification",
    "annual_unit",
    # A proposal about a person (issue 14, item 6): his unit's leaders and himself
    # (mandate/evaluations/tests/test_proposals_decisions.py walks every role).
    "proposal",
}


# The records of inspection are read under their own rule (inspections/competence.py, ADR 0041):
# the body's writers (van, for the Standing Committee), the inspected unit's leader (dung) and the
# inspected person (oanh, a subject of the foreign inspection for ADR 0042's records about her)
# reach the inspection; the system administrator (ad) does not, and only the body reaches its plan.
INSPECTION_OBJECTS = {"inspection_plan", "inspection", "inspection_member", "inspection_subject"}
INSPECTION_READERS = {
    "api-inspection-plan": {"van"},
    "api-inspection-inspection": {"van", "dung", "oanh"},
    # A subject's history: the clerk's own, and dung's, whose unit decided her discipline; the
    # unit's, its leader's alone (van writes for the body but reads no records of inspection).
    "inspections:person-history": {"dung", "oanh"},
    "inspections:unit-history": {"dung"},
}


def _insider_cases():
    return [
        (n, p)
        for n, p in _outsider_cases()
        if not (PERSONAL_OBJECTS | INSPECTION_OBJECTS) & set(p.objects.values())
    ]


@pytest.mark.parametrize("who", ["dung", "oanh", "van", "ad"])
@pytest.mark.parametrize("name", sorted(INSPECTION_READERS))
def test_the_records_of_inspection_are_reached_by_their_readers_only(cast, api, foreign, who, name):
    status = api(getattr(cast, who)).get(_url(name, ROUTES[name], foreign)).status_code
    assert status == (200 if who in INSPECTION_READERS[name] else 404)


@pytest.mark.parametrize("who", ["dung", "oanh", "van", "ad"])
@pytest.mark.parametrize(("name", "policy"), _insider_cases(), ids=[n for n, _ in _insider_cases()])
def test_insiders_reach_the_same_objects(cast, api, foreign, who, name, policy):
    response = api(getattr(cast, who)).get(_url(name, policy, foreign))
    if policy.gated:  # visible, so never 404: the page, or the action's refusal
        assert response.status_code in (200, 403, 409)
    else:
        assert response.status_code == (200 if policy.read else 405)


def _list_cases():
    return [(n, p) for n, p in ROUTES.items() if p.kind == "scoped_list"]


@pytest.mark.parametrize(("name", "policy"), _list_cases(), ids=[n for n, _ in _list_cases()])
def test_lists_never_show_foreign_rows(cast, api, foreign, name, policy):
    ours = {
        "api-documents": {foreign["document"]},
        "api-people": {cast.dung.person.pk, cast.oanh.person.pk},
        "api-positions": set(cast.dung.person.positions.values_list("pk", flat=True)),
        "api-tasks": {foreign["task"]},
        "api-indicators": {foreign["indicator"]},
        "api-indicator-sets": {foreign["indicator_set"]},
        "api-indicator-targets": {foreign["indicator_target"]},
        "api-indicator-allocations": {foreign["indicator_allocation"]},
        "api-indicator-actuals": {foreign["indicator_actual"]},
        "api-indicator-submissions": {foreign["indicator_submission"]},
        "api-indicator-rules": {foreign["indicator_rule"]},
        "api-indicator-warnings": {foreign["indicator_warning"]},
        "api-indicator-statements": {foreign["indicator_statement"]},
        "api-inspection-plans": {foreign["inspection_plan"]},
        "api-inspection-inspections": {foreign["inspection"]},
        # culture decided it: its leader dung reads it (ADR 0042)
        "api-inspection-discipline-decisions": {foreign["discipline"]},
        "api-reports": {foreign["report"]},
        "api-evaluations-annual": {foreign["annual_classification"]},
        # oanh's post, flagged as sensitive; a commendation proposed about her (dung leads culture)
        "api-evaluation-rotation": {foreign["proposal_position"]},
        "api-evaluation-proposals": {foreign["proposal"]},
        "api-evaluation-rankings": {foreign["ranking_index"]},
    }[name]
    url = reverse(name)
    insider = cast.van if name == "api-inspection-plans" else cast.dung  # a plan is its body's

    outsider_rows = {row["id"] for row in api(cast.olga).get(url, {"page_size": 200}).json()["results"]}
    insider_rows = {row["id"] for row in api(insider).get(url, {"page_size": 200}).json()["results"]}

    assert outsider_rows & ours == set()
    assert ours <= insider_rows


def _admin_cases():
    return [(n, p) for n, p in ROUTES.items() if p.kind == "administrator"]


@pytest.mark.parametrize("who", ["olga", "dung", "van", "chanh"])
@pytest.mark.parametrize(("name", "policy"), _admin_cases(), ids=[n for n, _ in _admin_cases()])
def test_administrator_routes_refuse_everyone_else_with_403(cast, api, foreign, who, name, policy):
    url = _url(name, policy, foreign)
    before = AuditEntry.objects.count()
    methods = policy.writes or {"get": None}
    for method, body in methods.items():
        response = getattr(api(getattr(cast, who)), method)(url, body, format="json")
        assert response.status_code in {400, 403}, (method, url, response.status_code)
        if response.status_code == 400:  # an empty body is refused before the right is checked
            assert method != "get"
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("who", ["olga", "dung", "van"])
def test_directory_writes_are_for_administrators(cast, api, who):
    user = getattr(cast, who)
    create = api(user).post("/api/v1/organisations/", ROUTES["api-units"].writes["post"], format="json")
    correct = api(user).patch(
        f"/api/v1/organisations/{cast.culture.pk}/", {"name_en": "X", "version": 1}, format="json"
    )
    assert (create.status_code, correct.status_code) == (403, 403)


def test_sequential_ids_reveal_nothing(cast, api, foreign, make_document):
    for number in range(1, 6):
        make_document(f"{number}/KH-SVHTT", cast.culture)
    visible = {row["id"] for row in api(cast.bao).get("/api/v1/documents/").json()["results"]}
    start = foreign["document"]

    for document_id in range(max(1, start - 10), start + 20):
        status = api(cast.bao).get(f"/api/v1/documents/{document_id}/").status_code
        assert status == (200 if document_id in visible else 404)


def test_the_admin_site_is_for_staff_only(cast, client):
    admin_routes = [route for route, name, _ in all_routes() if name.startswith("admin:")]
    client.force_login(cast.olga)
    for path in (
        "/admin/",
        "/admin/documents/document/",
        "/admin/core/auditentry/",
        "/admin/core/jobrun/",
        "/admin/people/user/",
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert len(admin_routes) > 20
