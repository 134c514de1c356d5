"""A valid request for every write of every route, built from the objects of one unit (a
``Target``, tests/write_world.py), so that the write matrix's "allowed" means really allowed,
not 400 for a bad body.

``tests/route_policy.py`` declares who may reach each route, and a body per write for the
outsider check; this module completes it for the write matrix: every write method that a route
answers (``test_every_write_a_route_answers_has_a_valid_request``), with the object its URL
names, and, for one route with several moves (``api-task-transition``), one request per move.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mandate.people.tests.factories import TEST_PASSWORD
from tests.write_bodies_indicators import INDICATOR_PAGE_WRITES, INDICATOR_POLICY_OBJECTS, RULE_WRITES
from tests.write_bodies_inspections import INSPECTION_POLICY_OBJECTS, INSPECTION_WRITES
from tests.write_bodies_rankings import RANKING_POLICY_OBJECTS, RANKING_WRITES
from tests.write_bodies_reports import REPORT_POLICY_OBJECTS, REPORT_WRITES
from tests.write_request import Write as Write  # re-exported: the matrix imports it from here
from tests.write_world import PDF, Target


def _empty(t: Target, actor: str) -> dict[str, Any]:
    return {}


def _credentials(t: Target, actor: str) -> dict[str, Any]:
    """Sign in with one's own name; an anonymous visitor signs in as van."""
    return {"username": "van" if actor == "anonymous" else actor, "password": TEST_PASSWORD}


def _own_name(t: Target, actor: str) -> dict[str, Any]:
    """An unlock link for one's own name; an anonymous visitor asks for van's."""
    return {"username": "van" if actor == "anonymous" else actor}


CATALOGUE = (
    "catalogue: {key: dm, name: Danh mục, name_en: Catalogue, valid_from: 2023-01-01}\n"
    "groups: [{code: A, name: Nhóm A, name_en: Group A}]\n"
    "signs: [{code: A-1, group: A, text: Biểu hiện, text_en: Sign}]\n"
).encode()


def _catalogue(t: Target, actor: str) -> dict[str, Any]:
    """A small catalogue owned by the unit (ADR 0033): only a system administrator or an
    inspection commission's office may load it."""
    return {"file": SimpleUploadedFile("danh-muc.yaml", CATALOGUE), "owner_unit": t.unit}


def _upload(t: Target, actor: str) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("van-ban.pdf", PDF, content_type="application/pdf")}


LED = {"task_id": "task_led"}  # the lead side's moves: the task the unit leads
ASSIGNED = {"task_id": "task_open"}  # the assigner's: a task the unit assigned


def _api_move(action: str, task: str, **extra: Any) -> Write:
    def body(t: Target, actor: str) -> dict[str, Any]:
        values = {"action": action, "version": t.version(task), **extra}
        if action == "reassign":
            values["lead_unit"] = t.child_unit
        return values

    return Write("api-task-transition", "post", body, {"task_id": task}, variant=action)


def _page_move(action: str, task: str = "task_led", **fields: Any) -> Write:
    def body(t: Target, actor: str) -> dict[str, Any]:
        values = {f"{action}-version": t.version(task)}
        values |= {f"{action}-{name}": value for name, value in fields.items()}
        if action == "reassign":
            values["reassign-lead_unit"] = t.child_unit
        if action == "lead_person":
            values["lead_person-person"] = t.person
        return values

    return Write(f"tasks:act_{action}", "post", body, {"task_id": task})


WRITES: tuple[Write, ...] = (
    # Sign-in, sign-out and language: no object.
    Write("login", "post", _credentials, related=False),
    Write("login", "put", _credentials, related=False),  # Django's form views take PUT as POST
    Write("logout", "post", _empty, related=False),
    Write("set_language", "post", lambda t, a: {"language": "en", "next": "/"}, related=False),
    Write("api-token", "post", _credentials, related=False),
    # One's credentials (ADR 0019): tokens are one's own (an administrator's too: he may revoke
    # anyone's); "sign out everywhere else" and an unlock request concern the actor alone. The
    # unlock link is a bearer key: whoever holds it lifts its owner's lock.
    Write("credentials", "post", lambda t, a: {"name": "Máy mới"}, related=False),
    Write("credentials_token_revoke", "post", _empty, {"token_id": "token"}),
    Write("sign_out_elsewhere", "post", _empty, related=False),
    Write("api-tokens", "post", lambda t, a: {"name": "Máy mới", "days": 7}, related=False),
    Write("api-token-revoke", "post", lambda t, a: {"reason": "Mất máy"}, {"token_id": "token"}),
    # The second factor (ADR 0034): every actor's session gave its code or needs none, so a code
    # is refused (409, 403); enrolment and backup codes need an account that has a device.
    Write("second_factor_verify", "post", lambda t, a: {"code": "123456"}, related=False),
    Write("second_factor_enrol", "post", lambda t, a: {"code": "123456"}, related=False),
    Write("second_factor_backup_codes", "post", _empty, related=False),
    Write("unlock_request", "post", _own_name, related=False),
    Write("unlock", "post", _empty, {"key": "unlock_key"}),
    # The unit directory (administrators).
    Write(
        "api-units",
        "post",
        lambda t, a: {
            "parent": t.unit,
            "name": "Phòng Mới",
            "kind": "state",
            "level": "office",
            "valid_from": "2024-01-01",
        },
    ),
    Write(
        "api-unit",
        "patch",
        lambda t, a: {"name_en": "Renamed", "version": t.unit_version},
        {"unit_id": "unit"},
    ),
    Write(
        "api-unit-merge",
        "post",
        lambda t, a: {
            "sources": [t.unit],
            "parent": t.parent_unit,
            "name": "Đơn vị Hợp nhất",
            "kind": "state",
            "level": "office",
            "effective_on": "2030-01-01",
            "reason": "Sắp xếp",
        },
    ),
    Write(
        "api-unit-retire",
        "post",
        lambda t, a: {"last_day": "2030-12-31", "reason": "Giải thể"},
        {"unit_id": "unit"},
    ),
    # Documents.
    Write(
        "api-documents",
        "post",
        lambda t, a: {
            "document_type": "ke-hoach",
            "symbol": "99-KH/MOI",
            "issuing_unit": t.unit,
            "issued_on": "2024-05-02",
            "title": "Kế hoạch mới",
        },
    ),
    Write(
        "api-document",
        "patch",
        lambda t, a: {"title": "Tên mới", "version": t.document_version},
        {"document_id": "document"},
    ),
    Write(
        "api-document-retire",
        "post",
        lambda t, a: {"reason": "Hết hiệu lực", "version": t.document_version},
        {"document_id": "document"},
    ),
    Write(
        "api-document-relations",
        "post",
        lambda t, a: {"kind": "implements", "target": t.assigner_document},
        {"document_id": "document"},
    ),
    Write("api-document-attachments", "post", _upload, {"document_id": "document"}, multipart=True),
    # The inspection reference data (ADR 0033): a catalogue file for the unit.
    Write("api-inspection-catalogue-load", "post", _catalogue, multipart=True),
    # The register's pages (ADR 0025): a new outgoing document of the unit (only those who act
    # for it may: others get the field error on the register), and the owners' actions.
    Write(
        "documents:new",
        "post",
        lambda t, a: {
            "direction": "outgoing",
            "outgoing_number": "99",
            "document_type": "ke-hoach",
            "symbol": "99-KH/MOI",
            "issuing_unit": t.unit,
            "issued_on": "02/05/2024",
            "title": "Kế hoạch mới",
            "confidentiality": "normal",
        },
    ),
    Write(
        "documents:edit",
        "post",
        lambda t, a: {"version": t.document_version, "title": "Tên mới", "confidentiality": "normal"},
        {"document_id": "document"},
    ),
    Write(
        "documents:retire",
        "post",
        lambda t, a: {"version": t.document_version, "reason": "Hết hiệu lực"},
        {"document_id": "document"},
    ),
    Write(
        "documents:relate",
        "post",
        lambda t, a: {"kind": "implements", "target": t.assigner_document},
        {"document_id": "document"},
    ),
    Write(
        "documents:attach",
        "post",
        lambda t, a: {"kind": "file", "uploads": _upload(t, a)["file"]},
        {"document_id": "document"},
    ),
    # Tasks through the API.
    Write(
        "api-tasks",
        "post",
        lambda t, a: {
            "content": "Việc mới",
            "document": t.document,
            # A unit does not assign a task to itself: as its own unit, to the unit below.
            "lead_unit": t.child_unit if t.me_unit == t.unit else t.me_unit,
            "assigner_unit": t.unit,
            "deadline_on": "2031-03-31",
        },
    ),
    Write(
        "api-task",
        "patch",
        lambda t, a: {"content": "Nội dung mới", "version": t.version("task_open")},
        ASSIGNED,
    ),
    _api_move("start", "task_led"),
    _api_move("report_done", "task_led", reason="Đã hoàn thành"),
    _api_move("accept", "task_reported"),
    _api_move("rework", "task_reported", reason="Chưa đạt"),
    _api_move("return", "task_led", reason="Không đúng chức năng"),
    _api_move("reassign", "task_returned"),
    _api_move("cancel", "task_open", reason="Không còn cần"),
    _api_move("reopen", "task_accepted", reason="Làm lại"),
    Write(
        "api-task-lead-person",
        "post",
        lambda t, a: {"person": t.person, "version": t.version("task_led")},
        LED,
    ),
    Write("api-task-progress", "post", lambda t, a: {"percent": 30, "text": "Đang làm"}, LED),
    Write(
        "api-task-done-report",
        "post",
        lambda t, a: {
            "reason": "Đã hoàn thành",
            "version": t.version("task_led"),
            **{"files": _upload(t, a)["file"]},
        },
        LED,
        multipart=True,
    ),
    Write(
        "api-task-extensions",
        "post",
        lambda t, a: {"proposed_deadline_on": "2031-06-01", "reason": "Chờ kinh phí"},
        LED,
    ),
    Write(
        "api-task-extension-decide",
        "post",
        lambda t, a: {"decision": "approve", "version": t.version("extension")},
        {"task_id": "task_pending", "request_id": "extension"},
    ),
    Write("api-task-instructions", "post", lambda t, a: {"text": "Khẩn trương"}, LED),
    Write("api-task-chase-up", "post", lambda t, a: {"text": "Đôn đốc"}, ASSIGNED),
    # A correction (ADR 0020): the task was assigned today, so it holds from today.
    Write(
        "api-task-corrections",
        "post",
        lambda t, a: {
            "field": "deadline_on",
            "value": "2031-02-01",
            "effective_on": timezone.localdate().isoformat(),
            "reason": "Văn bản giao ghi hạn 01/02/2031",
            "version": t.version("task_open"),
        },
        ASSIGNED,
    ),
    # Notices: one's own, or someone else's in the unit.
    Write("api-notification-read", "post", _empty, {"notification_id": "notification"}),
    Write("api-notifications-read-all", "post", _empty, related=False),
    Write("notifications:open", "post", _empty, {"notification_id": "notification"}),
    Write("notifications:read", "post", _empty, {"notification_id": "notification"}),
    Write("notifications:read_all", "post", _empty, related=False),
    # The task page's forms.
    _page_move("progress", percent=30, text="Đang làm"),
    _page_move("report_done", reason="Đã hoàn thành", confirm="on"),
    _page_move("start"),
    _page_move("accept", "task_reported"),
    _page_move("rework", "task_reported", reason="Chưa đạt"),
    _page_move("extension_request", proposed_deadline_on="01/06/2031", reason="Chờ kinh phí"),
    Write(
        "tasks:act_extension_decide",
        "post",
        lambda t, a: {
            "extension_decide-version": t.version("extension"),
            "extension_decide-decision": "approve",
        },
        {"task_id": "task_pending", "request_id": "extension"},
    ),
    _page_move("lead_person"),
    _page_move("instruct", text="Khẩn trương"),
    _page_move("chase_up", "task_open"),
    _page_move("edit", "task_open", content="Nội dung mới", urgency="normal"),
    _page_move("return", reason="Không đúng chức năng"),
    _page_move("reassign", "task_returned"),
    _page_move("cancel", "task_open", reason="Không còn cần"),
    _page_move("reopen", "task_accepted", reason="Làm lại"),
    Write(
        "tasks:act_correct",
        "post",
        lambda t, a: {
            "correct-version": t.version("task_open"),
            "correct-field": "deadline_on",
            "correct-value": "01/02/2031",
            "correct-effective_on": timezone.localdate().strftime("%d/%m/%Y"),
            "correct-reason": "Văn bản giao ghi hạn 01/02/2031",
        },
        ASSIGNED,
    ),
    Write(
        "tasks:assign",
        "post",
        lambda t, a: {
            "content": "Việc mới",
            "lead_units": [t.child_unit if t.me_unit == t.unit else t.me_unit],
            "assigner_unit": t.unit,
            "kind": "deadline",
            "deadline_on": "31/03/2031",
            "urgency": "normal",
        },
        {"document_id": "document"},
    ),
    Write(
        "tasks:assign_rows",
        "post",
        lambda t, a: {
            "assigner_unit": t.unit,
            "urgency": "normal",
            "rows-TOTAL_FORMS": "2",
            "rows-INITIAL_FORMS": "0",
            "rows-0-content": "Việc mới",
            "rows-0-lead_unit": t.child_unit if t.me_unit == t.unit else t.me_unit,
            "rows-0-deadline_on": "31/03/2031",
            "rows-1-content": "Việc thứ hai",
            "rows-1-lead_unit": t.child_unit if t.me_unit == t.unit else t.me_unit,
            "rows-1-deadline_on": "30/06/2031",
        },
        {"document_id": "document"},
    ),
)


def _figure_move(action: str, submission: str, **extra: Any) -> Write:
    """A move of approval on one of the unit's submissions (tests/write_world_indicators.py)."""

    def body(t: Target, actor: str) -> dict[str, Any]:
        return {"action": action, "version": t.figures[f"{submission}_version"], **extra}

    return Write(
        "api-indicator-submission-transition", "post", body, {"submission_id": submission}, variant=action
    )


INDICATOR_WRITES: tuple[Write, ...] = (
    # The unit's own values in the set its parent collects: its side enters them, changes one,
    # submits them; a child's values await the unit's approval there, and in the set the unit
    # collects its acceptance (and, accepted, its unlocking); targets are the unit's to give.
    Write(
        "api-indicator-actuals",
        "post",
        lambda t, a: {
            "set": t.figures["set_up"],
            "unit": t.unit,
            "period": t.figures["y2023"],
            "entries": [
                {
                    "indicator": t.figures["indicator"],
                    "value": "7",
                    "version": t.figures["actual_own_version"],
                }
            ],
        },
    ),
    Write(
        "api-indicator-actual",
        "patch",
        lambda t, a: {"value": "8", "version": t.figures["actual_own_version"]},
        {"actual_id": "actual_own"},
    ),
    _figure_move("submit", "sub_own"),
    _figure_move("approve", "sub_child"),
    _figure_move("return", "sub_child", reason="Thiếu số liệu"),
    _figure_move("accept", "sub_down"),
    _figure_move("unlock", "sub_locked", reason="Báo cáo nhầm"),
    Write(
        "api-indicator-target",
        "patch",
        lambda t, a: {"value": "9", "reason": "Điều chỉnh", "version": t.figures["target_child_version"]},
        {"target_id": "target_child"},
    ),
    Write(
        "api-indicator-allocations",
        "post",
        lambda t, a: {
            "set": t.figures["set_down"],
            "indicator": t.figures["indicator"],
            "unit": t.unit,
            "period": t.figures["y2024"],
            "targets": [{"unit": t.child_unit, "value": "11", "version": t.figures["target_child_version"]}],
        },
    ),
    # A figure as stated about the unit (ADR 0035): recorded by whoever writes in its scope.
    Write(
        "api-indicator-statements",
        "post",
        lambda t, a: {"unit": t.unit, "period": "2023", "text": "90/69 = 130,4%"},
    ),
)


def _values_file(t: Target, actor: str) -> dict[str, Any]:
    """The unit's own value in the set its parent collects, changed, in a workbook of the
    template's columns (ADR 0038): an upload is entered as the form enters it."""
    from mandate.core import periods
    from mandate.indicators.models import Indicator
    from mandate.indicators.tests.sheets import upload, workbook

    row = {
        "indicator": Indicator.objects.get(pk=t.figures["indicator"]).code,
        "unit": t.unit,
        "period": periods.year(2023).code,
        "value": 7,
        "version": t.figures["actual_own_version"],
    }
    return {"file": upload(workbook([row]))}


INDICATOR_WRITES = (
    *INDICATOR_WRITES,
    Write(
        "api-indicator-import",
        "post",
        _values_file,
        {"set_id": "set_up", "period_id": "y2023"},
        multipart=True,
    ),
    # The same upload from the data-entry page's form (ADR 0039): the same importer service.
    Write(
        "indicators:entry-import",
        "post",
        lambda t, a: {**_values_file(t, a), "unit": t.unit, "period": "2023"},
        {"set_id": "set_up"},
        multipart=True,
    ),
)
WRITES = (
    *WRITES,
    *INDICATOR_WRITES,
    *INDICATOR_PAGE_WRITES,
    *RULE_WRITES,
    *INSPECTION_WRITES,
    *REPORT_WRITES,
    *RANKING_WRITES,
)

# The objects the read-side policy names (tests/route_policy.py), as Target attributes: used to
# reach every route when looking for the writes it answers.
POLICY_OBJECTS = {
    "task": "task_pending",
    "evidence": "evidence",
    "extension": "extension",
    "document": "document",
    "attachment": "attachment",
    "person": "person",
    "unit": "unit",
    "notification": "notification",
    "token": "token",
    "unlock_link": "unlock_key",
    # A read-only route (ADR 0033): any id builds its address, and every write answers 405.
    "catalogue": "unit",
    "period": "period_code",
    # The indicator objects (tests/write_world_indicators.py).
    **INDICATOR_POLICY_OBJECTS,
    # The inspection records (tests/write_world_inspections.py, ADRs 0041, 0042).
    **INSPECTION_POLICY_OBJECTS,
    # The unit's ready report (tests/write_world_reports.py); a format and a chart by name.
    **REPORT_POLICY_OBJECTS,
    # The unit's ranking index and its year (tests/write_world_rankings.py).
    **RANKING_POLICY_OBJECTS,
}
