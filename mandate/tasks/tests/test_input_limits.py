"""Limits on what is sent, answered in the reader's numbers (issue 10 §5): a file over the size
limit on the task page comes back inside the form with everything typed kept and nothing stored;
a text over its length says "tối đa 10.000 ký tự (hiện có 11.995)", on pages and in the API."""

import datetime as dt
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mandate.tasks.models import Evidence, ProgressReport
from mandate.tasks.services import assignment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
MB = 1024 * 1024


@pytest.fixture
def task(cast, make_document):
    directive = make_document("24-CT/TU", cast.city_party, issued_on=dt.date(2023, 1, 5))
    return assignment.task_assign(
        actor=cast.van, document=directive, content="Tổ chức tuyên truyền Chỉ thị 24",
        lead_unit=cast.culture, assigner_unit=cast.party_office,
        deadline_on=timezone.localdate() + dt.timedelta(days=60),
    )  # fmt: skip


@pytest.fixture
def limit_1_mb(settings):
    settings.MANDATE_MAX_UPLOAD_BYTES = MB
    settings.MANDATE_MAX_REQUEST_BYTES = 5 * MB
    return settings


def _stored(settings):
    return [name for _root, _dirs, files in os.walk(settings.MEDIA_ROOT) for name in files]


def _report(client, task, *files, text="Đã tổ chức 3 hội nghị tại 30 quận, huyện"):
    return client.post(
        f"/tasks/{task.pk}/progress/",
        {
            "progress-version": task.version,
            "progress-percent": 40,
            "progress-text": text,
            "progress-evidence": list(files),
        },
    )


def test_a_file_over_the_limit_comes_back_inside_the_form_with_the_text_kept(client, cast, task, limit_1_mb):
    before = _stored(limit_1_mb)
    client.force_login(cast.oanh)
    big = SimpleUploadedFile("bao-cao.pdf", PDF + b"0" * (MB + MB // 2))

    response = _report(client, task, big)

    assert response.status_code == 413
    page = response.content.decode()
    assert "Đã tổ chức 3 hội nghị tại 30 quận, huyện</textarea>" in page
    assert 'value="40"' in page
    assert 'id="id_progress-evidence_error"' in page
    assert "“bao-cao.pdf” có dung lượng 1,5 MB; giới hạn là 1,0 MB." in page
    assert 'id="form-progress" open' in page
    assert ProgressReport.objects.filter(task=task).count() == 0
    assert Evidence.objects.count() == 0
    assert _stored(limit_1_mb) == before


def test_files_together_over_the_limit_are_refused_by_their_sum(client, cast, task, limit_1_mb):
    client.force_login(cast.oanh)
    half = PDF + b"0" * (MB * 6 // 10)

    response = _report(client, task, SimpleUploadedFile("a.pdf", half), SimpleUploadedFile("b.pdf", half))

    assert response.status_code == 413
    page = response.content.decode()
    assert "Các tệp cộng lại có dung lượng 1,2 MB; giới hạn là 1,0 MB." in page
    assert "Đã tổ chức 3 hội nghị tại 30 quận, huyện</textarea>" in page
    assert Evidence.objects.count() == 0


def test_the_message_is_in_english_numbers_for_an_english_reader(client, cast, task, limit_1_mb):
    cast.oanh.language = "en"
    cast.oanh.save(update_fields=["language"])
    client.force_login(cast.oanh)

    response = _report(client, task, SimpleUploadedFile("report.pdf", PDF + b"0" * (2 * MB + MB // 4)))

    assert response.status_code == 413
    assert "“report.pdf” is 2.3 MB; the limit is 1.0 MB." in response.content.decode()


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client, cast, task, limit_1_mb):
    client.force_login(cast.oanh)

    response = client.post(
        f"/tasks/{task.pk}/progress/",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=zzz",
        CONTENT_LENGTH=str(50 * MB),
    )

    assert response.status_code == 413
    assert "50,0 MB" in response.content.decode()
    assert ProgressReport.objects.filter(task=task).count() == 0


def test_a_file_within_the_limit_is_still_stored(client, cast, task, limit_1_mb):
    client.force_login(cast.oanh)

    response = _report(client, task, SimpleUploadedFile("bien-ban.pdf", PDF + b"0" * (MB // 2)))

    assert response.status_code == 302
    assert Evidence.objects.get().display_name == "bien-ban.pdf"


def test_a_text_over_its_length_says_both_numbers_in_the_readers_format(client, cast, task):
    client.force_login(cast.chanh)
    long_text = "x" * 11995

    response = client.post(
        f"/tasks/{task.pk}/instruct/", {"instruct-version": task.version, "instruct-text": long_text}
    )

    assert response.status_code == 400
    assert "Tối đa 10.000 ký tự (hiện có 11.995)." in response.content.decode()


def test_the_api_says_the_length_limit_in_the_clients_numbers(api, cast, task):
    long_text = "x" * 11995
    expectations = {
        "vi": "Tối đa 10.000 ký tự (hiện có 11.995).",
        "en": "At most 10,000 characters (it has 11,995).",
    }
    for language, expected in expectations.items():
        response = api(cast.chanh).post(
            f"/api/v1/tasks/{task.pk}/instructions/",
            {"text": long_text},
            format="json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 400, response.content
        assert response.json()["fields"]["text"] == [expected]
