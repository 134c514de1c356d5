"""Edits made in Django's admin land in the audit trail; nothing can be deleted there."""

from mandate.core import audit
from mandate.core.models import AuditEntry


def test_an_admin_edit_is_audited_with_before_and_after(cast, client, make_document):
    plan = make_document("47-KH/ĐU", cast.culture_party, title="Tên cũ")
    client.force_login(cast.ad)
    page = client.get(f"/admin/documents/document/{plan.pk}/change/")
    assert page.status_code == 200

    response = client.post(
        f"/admin/documents/document/{plan.pk}/change/",
        {
            "title": "Tên mới",
            "summary": "",
            "recipients_text": "",
            "confidentiality": "normal",
            "opened_version": 1,
        },
    )

    assert response.status_code == 302, response.content[:2000]
    entry = AuditEntry.objects.filter(action="documents.update").get()
    assert entry.actor_label == "ad"
    assert entry.before is not None and entry.after is not None
    assert entry.before["title"] == "Tên cũ"
    assert entry.after["title"] == "Tên mới"
    plan.refresh_from_db()
    assert plan.version == 2
    assert audit.verify().ok


def test_the_admin_cannot_delete(cast, client, make_document):
    plan = make_document("47-KH/ĐU", cast.culture_party)
    client.force_login(cast.ad)

    response = client.post(f"/admin/documents/document/{plan.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    plan.refresh_from_db()


def test_a_stale_admin_edit_is_refused_with_who_changed_it(cast, client, make_document):
    from mandate.documents import services

    plan = make_document("47/KH-SVHTT", cast.culture, title="Tên cũ")  # dung's department's
    client.force_login(cast.ad)
    services.document_update(
        actor=cast.dung, document=plan, expected_version=1, changes={"title": "Của Dũng"}
    )

    response = client.post(
        f"/admin/documents/document/{plan.pk}/change/",
        {
            "title": "Bản cũ",
            "summary": "",
            "recipients_text": "",
            "confidentiality": "normal",
            "opened_version": 1,
        },
    )

    assert response.status_code == 200
    assert "dung" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Của Dũng"


def test_admin_edits_keep_the_search_text(cast, client, make_document):
    from mandate.documents import selectors

    plan = make_document("47-KH/ĐU", cast.culture_party, title="Tên cũ")
    client.force_login(cast.ad)
    client.post(
        f"/admin/documents/document/{plan.pk}/change/",
        {
            "title": "Kiểm tra giám sát",
            "summary": "",
            "recipients_text": "",
            "confidentiality": "normal",
            "opened_version": 1,
        },
    )

    assert list(selectors.document_list_visible(actor=cast.ad, search="kiem tra")) == [plan]


def test_a_generic_admin_edit_is_audited(cast, client):
    client.force_login(cast.ad)
    response = client.post(
        f"/admin/organisations/orgunit/{cast.info.pk}/change/",
        {
            "name": cast.info.name,
            "name_en": "Department of Information",
            "code": "STTTT",
            "opened_version": 1,
        },
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="organisations.admin_change").get()
    assert entry.after == {"name_en": "Department of Information", "version": 2}
