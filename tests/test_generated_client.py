"""An integrator's view of the API: a Python client generated from the served schema by
openapi-python-client is imported and used against a live server to sign in, list documents and
tasks (pages), read a task and move it. It fails when the schema lies about what is served."""

import datetime as dt
import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from mandate.tasks.services import assignment

# A live-server test cannot roll back: Django empties every table after it, which the audit
# trail's guard refuses; the browser tests' fixture lifts it for that cleaning only.
from tests.browser.conftest import _audit_guard_around_flush  # noqa: F401

PASSWORD = "mandate-test-password"
PACKAGE = "mandate_generated_client"


@pytest.fixture
def generated_client(live_server, tmp_path):
    """Generate the client from the schema the server serves (as a signed-in integrator reads it)."""
    token = httpx.post(
        f"{live_server.url}/api/v1/auth/token/", json={"username": "van", "password": PASSWORD}, timeout=60
    ).json()["token"]
    # The whole schema is built per request (drf-spectacular): seconds on a loaded 2-core runner.
    schema = httpx.get(
        f"{live_server.url}/api/v1/schema/", headers={"Authorization": f"Token {token}"}, timeout=120
    )
    assert schema.status_code == 200
    (tmp_path / "schema.yaml").write_bytes(schema.content)
    (tmp_path / "config.yaml").write_text("post_hooks: []\n")
    generator = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    assert generator, "openapi-python-client is a dev dependency (pyproject.toml)"
    result = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [
            generator, "generate", "--path", str(tmp_path / "schema.yaml"),
            "--output-path", str(tmp_path / PACKAGE), "--meta", "none",
            "--config", str(tmp_path / "config.yaml"),
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def _load_document_types():
    from django.apps import apps

    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture(scope="module", autouse=True)
def _document_types_for_the_next_tests(django_db_blocker):
    """The flush after a live-server test empties the document types a data migration loaded:
    load them again for the tests that this worker runs next."""
    yield
    with django_db_blocker.unblock():
        _load_document_types()


@pytest.fixture
def task(transactional_db, cast, make_document):
    _load_document_types()
    plan = make_document("6-CTr/TU", cast.city_party, issued_on=dt.date(2023, 1, 5))
    return assignment.task_assign(
        actor=cast.van,
        document=plan,
        lead_unit=cast.culture,
        assigner_unit=cast.party_office,
        content="Tổ chức tuyên truyền Chỉ thị",
        assigned_on=dt.date(2024, 3, 1),
        deadline_on=dt.date(2030, 4, 30),
    )


def _module(name):
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_a_generated_client_signs_in_lists_reads_and_moves_a_task(live_server, task, generated_client):
    models = _module("models")
    api = {
        name: _module(f"api.{name}")
        for name in (
            "auth.auth_token_create",
            "documents.documents_list",
            "tasks.tasks_list",
            "tasks.tasks_retrieve",
            "tasks.tasks_transition_create",
            "tasks.tasks_progress_create",
        )
    }
    anonymous = generated_client.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    token = api["auth.auth_token_create"].sync(
        client=anonymous, body=models.TokenObtainInputRequest(username="dung", password=PASSWORD)
    )
    assert isinstance(token, models.Token), token

    client = generated_client.AuthenticatedClient(
        base_url=live_server.url, token=token.token, prefix="Token", raise_on_unexpected_status=True
    )
    documents = api["documents.documents_list"].sync(client=client)
    assert isinstance(documents, models.PaginatedDocumentOutputList), documents
    assert "6-CTr/TU" in {d.symbol for d in documents.results}
    assert documents.count == len(documents.results)

    page = api["tasks.tasks_list"].sync(client=client, page_size=10, on="2024-03-15")
    assert isinstance(page, models.PaginatedTaskOutputList), page
    assert [t.id for t in page.results] == [task.pk]

    detail = api["tasks.tasks_retrieve"].sync(task.pk, client=client)
    assert isinstance(detail, models.TaskDetailOutput), detail
    assert "start" in detail.allowed_actions

    moved = api["tasks.tasks_transition_create"].sync(
        task.pk,
        client=client,
        body=models.TaskTransitionInputRequest(action=models.TaskActionEnum.START, version=detail.version),
    )
    assert isinstance(moved, models.TaskDetailOutput), moved
    assert moved.status == models.TaskStatusEnum.IN_PROGRESS

    report = api["tasks.tasks_progress_create"].sync(
        task.pk, client=client, body=models.TaskProgressInputRequest(percent=40, text="Đã tổ chức 3 buổi")
    )
    assert isinstance(report, models.ProgressOutput), report
    assert report.percent == 40

    again = api["tasks.tasks_transition_create"].sync_detailed(
        task.pk, client=client, body=models.TaskTransitionInputRequest(action=models.TaskActionEnum.START)
    )
    assert again.status_code in (400, 409)
    assert isinstance(again.parsed, models.Error | models.Conflict), again.content
