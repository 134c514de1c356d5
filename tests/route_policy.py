"""The declared access policy of every route. The permission matrix walks the URL configuration
and fails on any route missing here, so a new page or endpoint cannot ship unclassified.

Kinds:
- ``public``: anyone, signed in or not (the explicit allow-list).
- ``signed_in``: any signed-in user; shows nothing scoped (the unit directory, one's own data).
- ``scoped_list``: a list; rows outside the reader's scope never appear.
- ``scoped_object``: one object; outside the reader's scope it does not exist (404).
- ``administrator``: administrators only; others get 403 (the route reveals no object).
- ``admin_site``: Django's admin, staff only.

``writes`` is the body the outsider check sends (any body: the answer must be 404 before it is
read). The write matrix (tests/test_permission_writes.py) sends a *valid* request for every write
of every route as every actor; those requests are built in tests/write_bodies.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Policy:
    kind: str
    # Names of the objects (built by the test from the cast) that fill the route's arguments.
    objects: dict[str, str] = field(default_factory=dict)
    # Methods that write, with the body the test sends, for routes that accept them.
    writes: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Whether the route answers GET.
    read: bool = True
    # A page of one action on a visible object (the document register's correction, withdrawal,
    # relation and files): its GET answers 403 (or 409) to a reader the action's policy refuses,
    # never 404 (tests/test_permission_matrix.py, "insiders").
    gated: bool = False


ROUTES: dict[str, Policy] = {
    "healthz": Policy("public"),
    "login": Policy("public"),
    "logout": Policy("signed_in"),
    "set_language": Policy("public"),
    "unlock_request": Policy("public"),
    # The one-time link's key (only the write matrix builds this URL: public routes name no
    # object of the ``foreign`` fixture).
    "unlock": Policy("public", {"key": "unlock_link"}),
    "credentials": Policy("signed_in", writes={"post": {"name": "X"}}),
    "credentials_token_revoke": Policy(
        "scoped_object", {"token_id": "token"}, writes={"post": {}}, read=False
    ),
    "sign_out_elsewhere": Policy("signed_in", writes={"post": {}}, read=False),
    # The second factor (ADR 0034): one's own code, enrolment and backup codes. A session that
    # needs no code is sent on (GET) or refused (POST); tests/test_second_factor_routes.py walks
    # every route as a half-signed-in account.
    "second_factor_verify": Policy("signed_in", writes={"post": {"code": "123456"}}),
    "second_factor_enrol": Policy("signed_in", writes={"post": {"code": "123456"}}),
    "second_factor_backup_codes": Policy("signed_in", writes={"post": {}}, read=False),
    "api-schema": Policy("public"),
    "api-docs": Policy("public"),
    "api-token": Policy("public"),
    # One's own tokens (an administrator reads anyone's with ?user=); revoking another's is 404.
    "api-tokens": Policy("signed_in", writes={"post": {"name": "X"}}),
    "api-token-revoke": Policy("scoped_object", {"token_id": "token"}, writes={"post": {}}, read=False),
    "api-me": Policy("signed_in"),
    "api-units": Policy(
        "signed_in",
        writes={"post": {"name": "X", "kind": "state", "level": "office", "valid_from": "2024-01-01"}},
    ),
    "api-unit": Policy("signed_in", {"unit_id": "unit"}, writes={"patch": {"name_en": "X", "version": 1}}),
    "api-unit-lineage": Policy("signed_in", {"unit_id": "unit"}),
    "api-unit-merge": Policy("administrator", writes={"post": {}}),
    "api-unit-retire": Policy("administrator", {"unit_id": "unit"}, writes={"post": {}}),
    "api-people": Policy("scoped_list"),
    "api-person": Policy("scoped_object", {"person_id": "person"}),
    "api-positions": Policy("scoped_list"),
    "api-document-types": Policy("signed_in"),
    "api-documents": Policy("scoped_list"),
    "api-document": Policy(
        "scoped_object", {"document_id": "document"}, writes={"patch": {"title": "X", "version": 1}}
    ),
    "api-document-retire": Policy(
        "scoped_object",
        {"document_id": "document"},
        writes={"post": {"reason": "X", "version": 1}},
        read=False,
    ),
    "api-document-relations": Policy(
        "scoped_object", {"document_id": "document"}, writes={"post": {"kind": "implements", "target": 1}}
    ),
    "api-document-attachments": Policy("scoped_object", {"document_id": "document"}, writes={"post": {}}),
    "api-document-attachment": Policy(
        "scoped_object", {"document_id": "document", "attachment_id": "attachment"}
    ),
    "api-audit": Policy("administrator"),
    # The access log is the auditor's (a superuser, or staff holding core.view_accesslogentry):
    # 403 for everyone else, administrators included (mandate/core/tests/test_access_log.py).
    "api-access-log": Policy("administrator"),
    "api-calendar-deadline": Policy("signed_in"),
    # What a period code means: reference data, the same for everyone; writes nothing.
    "api-period": Policy("signed_in", {"code": "period"}),
    "api-tasks": Policy("scoped_list", writes={"post": {"content": "X", "lead_unit": 1}}),
    "api-task": Policy(
        "scoped_object", {"task_id": "task"}, writes={"patch": {"content": "X", "version": 1}}
    ),
    "api-task-transition": Policy(
        "scoped_object", {"task_id": "task"}, writes={"post": {"action": "start", "version": 1}}, read=False
    ),
    "api-task-lead-person": Policy(
        "scoped_object", {"task_id": "task"}, writes={"post": {"person": 1, "version": 1}}, read=False
    ),
    "api-task-progress": Policy(
        "scoped_object", {"task_id": "task"}, writes={"post": {"percent": 5, "text": "X"}}
    ),
    "api-task-done-report": Policy(
        "scoped_object", {"task_id": "task"}, writes={"post": {"reason": "X", "version": 1}}, read=False
    ),
    "api-task-evidence": Policy("scoped_object", {"task_id": "task", "evidence_id": "evidence"}),
    "api-task-extensions": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={"post": {"proposed_deadline_on": "2031-01-01", "reason": "X"}},
        read=False,
    ),
    "api-task-extension-decide": Policy(
        "scoped_object",
        {"task_id": "task", "request_id": "extension"},
        writes={"post": {"decision": "approve", "version": 1}},
        read=False,
    ),
    "api-task-instructions": Policy(
        "scoped_object", {"task_id": "task"}, writes={"post": {"text": "X"}}, read=False
    ),
    "api-task-chase-up": Policy(
        "scoped_object", {"task_id": "task"}, writes={"post": {"text": "X"}}, read=False
    ),
    "api-task-corrections": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={
            "post": {
                "field": "deadline_on",
                "value": "2031-02-01",
                "effective_on": "2024-01-01",
                "reason": "X",
                "version": 1,
            }
        },
    ),
    "api-task-events": Policy("scoped_object", {"task_id": "task"}),
    "api-document-statistics": Policy("scoped_object", {"document_id": "document"}),
    "api-unit-statistics": Policy("scoped_object", {"unit_id": "unit"}),
    # Indicators (mandate/indicators/api_urls.py): a unit's figures are read by the units that
    # cover it and by the levels above it in the set's hierarchy (ADR 0030); the queue is one's own.
    "api-indicators": Policy("scoped_list"),
    "api-indicator": Policy("scoped_object", {"indicator_id": "indicator"}),
    "api-indicator-sets": Policy("scoped_list"),
    "api-indicator-set": Policy("scoped_object", {"set_id": "indicator_set"}),
    "api-indicator-targets": Policy("scoped_list"),
    "api-indicator-target": Policy(
        "scoped_object",
        {"target_id": "indicator_target"},
        writes={"patch": {"value": "1", "reason": "X", "version": 1}},
    ),
    "api-indicator-allocations": Policy(
        "scoped_list",
        writes={
            "post": {"set": 1, "indicator": 1, "unit": 1, "period": 1, "targets": [{"unit": 1, "value": "1"}]}
        },
    ),
    "api-indicator-actuals": Policy(
        "scoped_list",
        writes={"post": {"set": 1, "unit": 1, "period": 1, "entries": [{"indicator": 1, "value": "1"}]}},
    ),
    "api-indicator-actual": Policy(
        "scoped_object", {"actual_id": "indicator_actual"}, writes={"patch": {"value": "1", "version": 1}}
    ),
    "api-indicator-submissions": Policy("scoped_list"),
    "api-indicator-submission": Policy("scoped_object", {"submission_id": "indicator_submission"}),
    "api-indicator-submission-transition": Policy(
        "scoped_object",
        {"submission_id": "indicator_submission"},
        writes={"post": {"action": "submit", "version": 1}},
        read=False,
    ),
    "api-indicator-queue": Policy("signed_in"),
    # Excel in and out (ADR 0038): a set's template and upload for a period (the set must be
    # visible, else 404; the template lists the units the reader enters for, maybe none; an
    # upload needs one, else 403), a large upload's job (the uploader's own), and the exports of
    # the lists (their rows scoped as the lists'; tested in mandate/indicators/tests/test_exports.py).
    "api-indicator-template": Policy(
        "scoped_object", {"set_id": "indicator_set", "period_id": "indicator_period"}
    ),
    "api-indicator-import": Policy(
        "scoped_object",
        {"set_id": "indicator_set", "period_id": "indicator_period"},
        writes={"post": {}},
        read=False,
    ),
    "api-indicator-import-job": Policy("scoped_object", {"job_id": "indicator_import_job"}),
    "api-indicator-actuals-export": Policy("signed_in"),
    "api-indicator-targets-export": Policy("signed_in"),
    "api-indicator-allocations-export": Policy("signed_in"),
    # The indicator pages (mandate/indicators/urls.py, ADR 0039): the API's scoping, the API's
    # services; the unit and period of data entry and allocation come in the query or the form.
    "indicators:catalogue": Policy("signed_in"),
    "indicators:queue": Policy("signed_in"),
    "indicators:indicator": Policy("scoped_object", {"indicator_id": "indicator"}),
    "indicators:entry": Policy(
        "scoped_object", {"set_id": "indicator_set"}, writes={"post": {"unit": 1, "period": "2023"}}
    ),
    # The filled template uploaded from the data-entry page (the importer service of
    # api-indicator-import); POST only.
    "indicators:entry-import": Policy(
        "scoped_object",
        {"set_id": "indicator_set"},
        writes={"post": {"unit": 1, "period": "2023"}},
        read=False,
    ),
    "indicators:allocation": Policy(
        "scoped_object", {"set_id": "indicator_set"}, writes={"post": {"indicator": 1, "period": "2023"}}
    ),
    "indicators:transition": Policy(
        "scoped_object",
        {"submission_id": "indicator_submission"},
        writes={"post": {"action": "submit", "version": 1}},
        read=False,
    ),
    # Validation rules (ADR 0036): read by whoever sees the set, managed by the collecting unit's
    # leaders and specialists; warnings are read as the values are. The reporting rate of a set
    # (ADR 0037) is read by whoever sees the set, each reader the rows of the units he reads.
    "api-indicator-rules": Policy(
        "scoped_list",
        writes={"post": {"set": 1, "code": "X", "left": "1", "operator": "<=", "right": "2", "message": "M"}},
    ),
    "api-indicator-rules-load": Policy(
        "signed_in", writes={"post": {"set": 1, "file": "rules: []"}}, read=False
    ),
    "api-indicator-rule": Policy(
        "scoped_object", {"rule_id": "indicator_rule"}, writes={"patch": {"message": "M", "version": 1}}
    ),
    "api-indicator-rule-retire": Policy(
        "scoped_object",
        {"rule_id": "indicator_rule"},
        writes={"post": {"reason": "X", "version": 1}},
        read=False,
    ),
    "api-indicator-warnings": Policy("scoped_list"),
    "api-indicator-reporting-rate": Policy("scoped_object", {"set_id": "indicator_set"}),
    # The figures of an indicator in a set for a period code (ADR 0035): the set's readers only.
    "api-indicator-figure": Policy(
        "scoped_object", {"set_id": "indicator_set", "indicator_id": "indicator", "code": "period"}
    ),
    "api-indicator-rollup": Policy(
        "scoped_object", {"set_id": "indicator_set", "indicator_id": "indicator", "code": "period"}
    ),
    "api-indicator-league": Policy(
        "scoped_object", {"set_id": "indicator_set", "indicator_id": "indicator", "code": "period"}
    ),
    # Figures as stated (ADR 0035): read by the units covering the unit they are about; recorded
    # by its writers.
    "api-indicator-statements": Policy(
        "scoped_list", writes={"post": {"unit": 1, "period": "2023", "text": "90/69 = 130,4%"}}
    ),
    "api-indicator-statement": Policy("scoped_object", {"statement_id": "indicator_statement"}),
    "api-notifications": Policy("signed_in"),
    "api-notifications-unread-count": Policy("signed_in"),
    "api-notification-read": Policy(
        "scoped_object", {"notification_id": "notification"}, writes={"post": {}}, read=False
    ),
    "api-notifications-read-all": Policy("signed_in", writes={"post": {}}),
    # Page lists: the matrix's list check reads API JSON, so their scoping is tested in the
    # app's view tests (mandate/documents/tests/test_views.py).
    "documents:register": Policy("signed_in"),
    "documents:lookup": Policy("signed_in"),
    "documents:attachment": Policy(
        "scoped_object", {"document_id": "document", "attachment_id": "attachment"}
    ),
    "tasks:document_detail": Policy("scoped_object", {"document_id": "document"}),
    # The register's writes in the browser (mandate/documents/views_register.py, ADR 0025).
    "documents:new": Policy(
        "signed_in",
        writes={"post": {"direction": "outgoing", "outgoing_number": "1", "document_type": "ke-hoach"}},
    ),
    "documents:symbol_check": Policy("signed_in"),
    "documents:edit": Policy(
        "scoped_object",
        {"document_id": "document"},
        writes={"post": {"version": 1, "title": "X", "confidentiality": "normal"}},
        gated=True,
    ),
    "documents:retire": Policy(
        "scoped_object",
        {"document_id": "document"},
        writes={"post": {"version": 1, "reason": "X"}},
        gated=True,
    ),
    "documents:relate": Policy(
        "scoped_object",
        {"document_id": "document"},
        writes={"post": {"kind": "implements", "target": 1}},
        gated=True,
    ),
    "documents:attach": Policy(
        "scoped_object", {"document_id": "document"}, writes={"post": {"kind": "file"}}, gated=True
    ),
    "organisations:tree": Policy("signed_in"),
    "organisations:unit": Policy("signed_in", {"unit_id": "unit"}),
    # The task page and its forms (mandate/tasks/urls_detail.py): each action posts to its own
    # route, with the form's fields prefixed by the action's name.
    "tasks:detail": Policy("scoped_object", {"task_id": "task"}),
    "tasks:evidence": Policy("scoped_object", {"task_id": "task", "evidence_id": "evidence"}),
    "tasks:act_progress": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={"post": {"progress-version": 1, "progress-percent": 5, "progress-text": "X"}},
        read=False,
    ),
    "tasks:act_report_done": Policy(
        "scoped_object", {"task_id": "task"}, writes={"post": {"report_done-version": 1}}, read=False
    ),
    "tasks:act_start": Policy(
        "scoped_object", {"task_id": "task"}, writes={"post": {"start-version": 1}}, read=False
    ),
    "tasks:act_accept": Policy(
        "scoped_object", {"task_id": "task"}, writes={"post": {"accept-version": 1}}, read=False
    ),
    "tasks:act_rework": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={"post": {"rework-version": 1, "rework-reason": "X"}},
        read=False,
    ),
    "tasks:act_extension_request": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={
            "post": {
                "extension_request-version": 1,
                "extension_request-proposed_deadline_on": "01/06/2031",
                "extension_request-reason": "X",
            }
        },
        read=False,
    ),
    "tasks:act_extension_decide": Policy(
        "scoped_object",
        {"task_id": "task", "request_id": "extension"},
        writes={"post": {"extension_decide-version": 1, "extension_decide-decision": "approve"}},
        read=False,
    ),
    "tasks:act_lead_person": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={"post": {"lead_person-version": 1, "lead_person-person": 1}},
        read=False,
    ),
    "tasks:act_edit": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={"post": {"edit-version": 1, "edit-content": "X", "edit-urgency": "normal"}},
        read=False,
    ),
    "tasks:act_instruct": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={"post": {"instruct-version": 1, "instruct-text": "X"}},
        read=False,
    ),
    "tasks:act_chase_up": Policy(
        "scoped_object", {"task_id": "task"}, writes={"post": {"chase_up-version": 1}}, read=False
    ),
    "tasks:act_return": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={"post": {"return-version": 1, "return-reason": "X"}},
        read=False,
    ),
    "tasks:act_reassign": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={"post": {"reassign-version": 1, "reassign-lead_unit": 1}},
        read=False,
    ),
    "tasks:act_cancel": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={"post": {"cancel-version": 1, "cancel-reason": "X"}},
        read=False,
    ),
    "tasks:act_reopen": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={"post": {"reopen-version": 1, "reopen-reason": "X"}},
        read=False,
    ),
    "tasks:act_correct": Policy(
        "scoped_object",
        {"task_id": "task"},
        writes={
            "post": {
                "correct-version": 1,
                "correct-field": "deadline_on",
                "correct-value": "01/02/2031",
                "correct-effective_on": "01/01/2024",
                "correct-reason": "X",
            }
        },
        read=False,
    ),
    "tasks:assign": Policy(
        "scoped_object",
        {"document_id": "document"},
        writes={
            "post": {
                "content": "X",
                "lead_units": [1],
                "assigner_unit": 1,
                "kind": "deadline",
                "deadline_on": "01/01/2031",
                "urgency": "normal",
            }
        },
    ),
    "tasks:assign_rows": Policy(
        "scoped_object",
        {"document_id": "document"},
        writes={
            "post": {
                "assigner_unit": 1,
                "urgency": "normal",
                "rows-TOTAL_FORMS": 1,
                "rows-INITIAL_FORMS": 0,
                "rows-0-content": "X",
                "rows-0-lead_unit": 1,
                "rows-0-deadline_on": "01/01/2031",
            }
        },
    ),
    "tasks:deadline_preview": Policy("signed_in"),
    # My work, the task list, its export and the dashboard (mandate/tasks/urls_work.py), and the
    # notices page: their scoping is tested in mandate/tasks/tests/test_views_work.py and
    # mandate/notifications/tests/test_views.py.
    "tasks:my_work": Policy("signed_in"),
    "tasks:list": Policy("signed_in"),
    "tasks:export": Policy("signed_in"),
    "tasks:dashboard": Policy("signed_in"),
    "tasks:dashboard_unit": Policy("scoped_object", {"unit_id": "unit"}),
    "notifications:list": Policy("signed_in"),
    "notifications:open": Policy(
        "scoped_object", {"notification_id": "notification"}, writes={"post": {}}, read=False
    ),
    "notifications:read": Policy(
        "scoped_object", {"notification_id": "notification"}, writes={"post": {}}, read=False
    ),
    "notifications:read_all": Policy("signed_in", writes={"post": {}}),
}


# The routes of inspections (reference data, records, findings and discipline, statistics: ADRs
# 0033, 0041 to 0043), declared in a module of their own (it imports ``Policy`` from here, hence
# the import after the table).
from tests.route_policy_inspections import INSPECTION_ROUTES  # noqa: E402

ROUTES.update(INSPECTION_ROUTES)

# The report routes (issue 13; ADR 0046), likewise.
from tests.route_policy_reports import REPORT_ROUTES  # noqa: E402

ROUTES.update(REPORT_ROUTES)

# The evaluation routes (issue 14; ADR 0048), likewise.
from tests.route_policy_evaluations import EVALUATION_ROUTES  # noqa: E402

ROUTES.update(EVALUATION_ROUTES)


def all_routes() -> list[tuple[str, str, Any]]:
    """(route, name, callback) for every URL pattern, admin's included."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Any:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
                yield prefix + str(pattern.pattern), name, pattern.callback

    return list(walk(get_resolver().url_patterns, "", ""))


def policy_for(name: str) -> Policy | None:
    if name.startswith("admin:"):
        return Policy("admin_site")
    return ROUTES.get(name)
