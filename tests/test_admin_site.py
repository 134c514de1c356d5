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
        {"title": "Tên mới", "summary": "", "recipients_text": "", "confidentiality": "normal"},
    )

    assert response.status_code == 302, response.content[:2000]
    entry = AuditEntry.objects.filter(action="documents.admin_change").get()
    assert entry.actor_label == "ad"
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
