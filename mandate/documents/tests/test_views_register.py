"""The register's pages: register, check a symbol live, correct, withdraw, relate, attach — each
offered and answered as ``documents.policy`` and the services decide (docs/adr/0025)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.core.models import AuditEntry
from mandate.documents import services
from mandate.documents.models import Document, DocumentAttachment, DocumentRelation, DocumentType

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _pdf(name="scan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _form(cast, **values):
    data = {
        "direction": "outgoing",
        "outgoing_number": "999",
        "document_type": "ke-hoach",
        "symbol": "999/KH-UBND",
        "issuing_unit": str(cast.city_state.pk),
        "issued_on": "01/03/2024",
        "signer": "KT. CHỦ TỊCH — PHÓ CHỦ TỊCH Nguyễn Văn A",
        "title": "Kế hoạch tổ chức các hoạt động văn hóa năm 2024",
        "summary": "Triển khai các hoạt động.",
        "recipients_text": "Các sở, ban, ngành",
        "recipient_units": [str(cast.culture.pk)],
        "confidentiality": "normal",
    }
    return data | values


@pytest.fixture
def plan(cast):
    return services.document_register(
        actor=cast.vp,
        document_type=DocumentType.objects.get(slug="ke-hoach"),
        symbol="999/KH-UBND",
        issuing_unit=cast.city_state,
        issued_on=dt.date(2024, 3, 1),
        title="Kế hoạch 999",
        recipient_units=[cast.culture],
        direction="outgoing",
        outgoing_number=999,
    )


# --- registering ---------------------------------------------------------------------------


def test_the_office_registers_a_document_with_its_scan_and_annexes(client, cast):
    client.force_login(cast.vp)
    response = client.post(
        "/documents/new/", _form(cast, scan=_pdf(), annexes=[_pdf("phu-luc.pdf")]), follow=True
    )

    document = Document.objects.get()
    assert response.redirect_chain[-1][0] == f"/documents/{document.pk}/"
    assert (document.direction, document.outgoing_number, document.registered_by) == (
        "outgoing",
        999,
        cast.vp,
    )
    assert document.registered_for == cast.state_office
    assert sorted(document.attachments.values_list("kind", flat=True)) == ["annex", "scan"]
    page = response.content.decode()
    assert "999/KH-UBND" in page and "Nguyễn Văn A" in page
    assert 'id="register-entry"' in page


def test_a_refused_registration_keeps_what_was_typed_and_asks_for_the_files_again(client, cast):
    client.force_login(cast.vp)
    response = client.post("/documents/new/", _form(cast, outgoing_number="", scan=_pdf()))

    assert response.status_code == 400
    form = response.context["form"]
    assert "outgoing_number" in form.errors
    assert "scan" in form.errors  # a browser cannot keep a chosen file
    page = response.content.decode()
    assert "Kế hoạch tổ chức các hoạt động văn hóa năm 2024" in page
    assert not Document.objects.exists()


def test_the_symbol_is_checked_against_the_type_and_the_date(client, cast):
    client.force_login(cast.vp)
    response = client.post("/documents/new/", _form(cast, symbol="999/QĐ-UBND"))
    assert response.status_code == 400
    assert "document_type" in response.context["form"].errors


def test_a_classified_document_is_registered_without_files(client, cast):
    client.force_login(cast.vp)
    response = client.post("/documents/new/", _form(cast, confidentiality="secret", scan=_pdf()))
    assert response.status_code == 400
    assert "scan" in response.context["form"].errors
    assert not Document.objects.exists()

    response = client.post("/documents/new/", _form(cast, confidentiality="secret"))
    assert response.status_code == 302
    document = Document.objects.get()
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert 'id="document-attach"' not in page
    assert client.get(f"/documents/{document.pk}/attach/").status_code == 409


def test_the_register_form_wires_the_live_check_and_the_register_script(client, cast):
    client.force_login(cast.vp)
    page = client.get("/documents/new/").content.decode()
    assert 'hx-get="/documents/symbol-check/"' in page
    assert 'data-classified="confidential secret top_secret"' in page
    assert "/static/js/document-register.js" in page
    assert "<script>" not in page  # the strict CSP: no inline script


def test_the_live_check_reads_the_symbol(client, cast, plan):
    client.force_login(cast.vp)
    ok = client.get(
        "/documents/symbol-check/",
        {"symbol": "12/kh-ubnd", "document_type": "ke-hoach", "issued_on": "01/03/2024"},
    ).content.decode()
    assert "12/KH-UBND" in ok and 'id="symbol-problems"' not in ok

    wrong = client.get("/documents/symbol-check/", {"symbol": "12/QĐ-UBND", "document_type": "ke-hoach"})
    assert 'id="symbol-problems"' in wrong.content.decode()

    taken = client.get("/documents/symbol-check/", {"symbol": "999/KH-UBND"}).content.decode()
    assert 'id="symbol-taken"' in taken

    garbled = client.get("/documents/symbol-check/", {"symbol": "abc"}).content.decode()
    assert 'id="symbol-problems"' in garbled


def test_someone_who_registers_nothing_is_not_offered_the_page(client, cast):
    client.force_login(cast.vera)
    assert 'id="register-new"' not in client.get("/documents/").content.decode()
    assert client.get("/documents/new/").status_code == 403
    client.force_login(cast.vp)
    assert 'id="register-new"' in client.get("/documents/").content.decode()


# --- correcting, withdrawing, relating, attaching --------------------------------------------


def test_the_owner_sees_the_documents_actions_and_a_recipient_only_attach(client, cast, plan):
    client.force_login(cast.vp)
    page = client.get(f"/documents/{plan.pk}/").content.decode()
    assert all(f'id="document-{a}"' in page for a in ("edit", "relate", "attach"))
    assert 'id="document-retire"' not in page  # a specialist does not withdraw
    client.force_login(cast.dung)
    page = client.get(f"/documents/{plan.pk}/").content.decode()
    assert 'id="document-attach"' in page
    assert not any(f'id="document-{a}"' in page for a in ("edit", "relate", "retire"))


def test_the_owner_corrects_the_record(client, cast, plan):
    client.force_login(cast.vp)
    form = client.get(f"/documents/{plan.pk}/edit/").context["form"]
    assert form.initial["outgoing_number"] == 999
    response = client.post(
        f"/documents/{plan.pk}/edit/",
        {"version": 1, "title": "Kế hoạch 999 (sửa)", "confidentiality": "normal", "outgoing_number": "999",
         "signer": "CHỦ TỊCH Trần B"},
    )  # fmt: skip
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.signer, plan.version) == ("Kế hoạch 999 (sửa)", "CHỦ TỊCH Trần B", 2)


def test_a_correction_on_a_stale_version_is_409_and_keeps_the_text(client, cast, plan):
    client.force_login(cast.vp)
    response = client.post(
        f"/documents/{plan.pk}/edit/",
        {"version": 7, "title": "Tên đã gõ", "confidentiality": "normal", "outgoing_number": "999"},
    )
    assert response.status_code == 409
    assert "Tên đã gõ" in response.content.decode()
    assert response.context["form"]["version"].value() == str(plan.version)  # send again: it is current


def test_a_correction_without_title_is_a_field_error(client, cast, plan):
    client.force_login(cast.vp)
    response = client.post(
        f"/documents/{plan.pk}/edit/", {"version": 1, "title": "", "confidentiality": "normal"}
    )
    assert response.status_code == 400
    assert "title" in response.context["form"].errors


@pytest.mark.parametrize("page", ["edit", "retire", "relate"])
def test_a_recipient_may_not_open_the_owners_pages(client, cast, plan, page):
    client.force_login(cast.dung)
    assert client.get(f"/documents/{plan.pk}/{page}/").status_code == 403
    assert client.post(f"/documents/{plan.pk}/{page}/", {"version": 1, "reason": "X"}).status_code == 403


@pytest.mark.parametrize("page", ["edit", "retire", "relate", "attach"])
def test_an_outsider_gets_404(client, cast, plan, page):
    client.force_login(cast.olga)
    assert client.get(f"/documents/{plan.pk}/{page}/").status_code == 404
    assert client.post(f"/documents/{plan.pk}/{page}/", {"version": 1, "reason": "X"}).status_code == 404


def test_a_leader_withdraws_the_document_with_a_reason(client, cast, plan):
    client.force_login(cast.ad)
    response = client.post(f"/documents/{plan.pk}/retire/", {"version": 1, "reason": ""})
    assert response.status_code == 400
    response = client.post(f"/documents/{plan.pk}/retire/", {"version": 1, "reason": "Đăng ký nhầm"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.retired_reason == "Đăng ký nhầm"
    assert client.get(f"/documents/{plan.pk}/edit/").status_code == 409


def test_the_owner_relates_the_document_to_one_found_by_its_symbol(client, cast, plan, make_document):
    programme = make_document(
        "06/Ctr-TU", cast.city_state, issued_on=dt.date(2021, 3, 17), type_slug="chuong-trinh"
    )
    client.force_login(cast.vp)
    found = client.get(f"/documents/{plan.pk}/relate/", {"find": "06/ctr"})
    assert [pk for pk, _label in found.context["form"].fields["target"].widget.choices] == [programme.pk]
    assert (
        client.post(f"/documents/{plan.pk}/relate/", {"find": "06/ctr", "kind": "implements"}).status_code
        == 400
    )
    response = client.post(
        f"/documents/{plan.pk}/relate/", {"find": "06/ctr", "kind": "implements", "target": programme.pk}
    )
    assert response.status_code == 302
    assert DocumentRelation.objects.get().target == programme


def test_a_related_document_the_reader_does_not_see_is_not_found(client, cast, plan, make_document):
    hidden = make_document("47-KH/TU", cast.outsider_state)
    client.force_login(cast.vp)
    response = client.post(
        f"/documents/{plan.pk}/relate/", {"find": "x", "kind": "implements", "target": hidden.pk}
    )
    assert response.status_code == 400
    assert "target" in response.context["form"].errors
    assert not DocumentRelation.objects.exists()


def test_a_recipient_attaches_its_own_files_all_or_none(client, cast, plan):
    client.force_login(cast.dung)
    response = client.post(
        f"/documents/{plan.pk}/attach/",
        {"kind": "file", "uploads": [_pdf("bao-cao.pdf"), SimpleUploadedFile("x.pdf", b"MZ")]},
    )
    assert response.status_code == 415
    assert not DocumentAttachment.objects.exists()
    entries = AuditEntry.objects.count()
    response = client.post(
        f"/documents/{plan.pk}/attach/", {"kind": "file", "uploads": [_pdf("bao-cao.pdf")]}
    )
    assert response.status_code == 302
    assert DocumentAttachment.objects.get().uploaded_by == cast.dung
    assert AuditEntry.objects.count() == entries + 1


def test_attaching_nothing_is_a_field_error(client, cast, plan):
    client.force_login(cast.vp)
    response = client.post(f"/documents/{plan.pk}/attach/", {"kind": "file"})
    assert response.status_code == 400
    assert "uploads" in response.context["form"].errors
