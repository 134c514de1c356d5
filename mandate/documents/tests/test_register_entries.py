"""The register a clerk keeps (docs/adr/0025-document-register.md): incoming documents with their
number and day received, outgoing ones with their number; classified documents by their details
only."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.core.exceptions import ApplicationError, InvalidStateError
from mandate.documents import policy, services
from mandate.documents.models import Document, DocumentAttachment, DocumentType

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _pdf(name="scan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _register(cast, actor=None, **values):
    defaults = {
        "document_type": DocumentType.objects.get(slug="ke-hoach"),
        "symbol": "999/KH-UBND",
        "issuing_unit": cast.city_state,
        "issued_on": dt.date(2024, 3, 1),
        "title": "Kế hoạch 999",
    }
    return services.document_register(actor=actor or cast.vp, **(defaults | values))


def test_an_outgoing_document_keeps_its_number_signer_scan_and_annexes(cast):
    document = _register(
        cast,
        direction="outgoing",
        outgoing_number=999,
        signer="KT. CHỦ TỊCH — PHÓ CHỦ TỊCH Nguyễn Văn A",
        scan=_pdf(),
        annexes=[_pdf("phu-luc-1.pdf"), _pdf("phu-luc-2.pdf")],
    )

    assert (document.direction, document.outgoing_number, document.incoming_number) == ("outgoing", 999, None)
    assert document.signer.startswith("KT. CHỦ TỊCH")
    kinds = list(document.attachments.order_by("id").values_list("kind", "display_name"))
    assert kinds == [("scan", "scan.pdf"), ("annex", "phu-luc-1.pdf"), ("annex", "phu-luc-2.pdf")]


def test_an_incoming_document_needs_its_number_and_day_received(cast):
    with pytest.raises(ApplicationError) as err:
        _register(
            cast, actor=cast.dung, recipient_units=[cast.culture], direction="incoming", incoming_number=5
        )
    assert set(err.value.fields) == {"received_on"}
    with pytest.raises(ApplicationError) as err:
        _register(
            cast,
            actor=cast.dung,
            recipient_units=[cast.culture],
            direction="incoming",
            incoming_number=5,
            received_on=dt.date(2024, 2, 1),
        )
    assert set(err.value.fields) == {"received_on"}  # before it was issued
    assert not Document.objects.exists()


def test_an_outgoing_document_needs_its_number_and_no_incoming_entry(cast):
    with pytest.raises(ApplicationError) as err:
        _register(cast, direction="outgoing")
    assert set(err.value.fields) == {"outgoing_number"}
    with pytest.raises(ApplicationError) as err:
        _register(cast, direction="outgoing", outgoing_number=1, incoming_number=3)
    assert set(err.value.fields) == {"incoming_number"}


def test_a_register_number_is_used_once_a_year(cast):
    _register(cast, direction="outgoing", outgoing_number=999)
    with pytest.raises(ApplicationError) as err:
        _register(cast, symbol="1000/KH-UBND", direction="outgoing", outgoing_number=999)
    assert err.value.code == "duplicate_register_number"
    assert set(err.value.fields) == {"outgoing_number"}
    _register(
        cast, symbol="5/KH-UBND", issued_on=dt.date(2025, 1, 2), direction="outgoing", outgoing_number=999
    )


def test_only_the_issuers_side_enters_a_document_as_outgoing(cast):
    with pytest.raises(ApplicationError) as err:
        _register(
            cast, actor=cast.dung, recipient_units=[cast.culture], direction="outgoing", outgoing_number=1
        )
    assert set(err.value.fields) == {"direction"}
    with pytest.raises(ApplicationError) as err:
        _register(cast, direction="incoming", incoming_number=1, received_on=dt.date(2024, 3, 2))
    assert set(err.value.fields) == {"direction"}  # vp acts for the issuer: its outgoing register


def test_register_fields_need_a_register(cast):
    with pytest.raises(ApplicationError) as err:
        _register(cast, outgoing_number=4)
    assert set(err.value.fields) == {"direction"}


@pytest.mark.parametrize("level", ["confidential", "secret", "top_secret"])
def test_a_classified_document_is_registered_without_its_content(cast, level):
    with pytest.raises(ApplicationError) as err:
        _register(cast, confidentiality=level, direction="outgoing", outgoing_number=1, scan=_pdf())
    assert err.value.code == "classified_content"
    assert not Document.objects.exists()
    assert not DocumentAttachment.objects.exists()

    document = _register(cast, confidentiality=level, direction="outgoing", outgoing_number=1)
    assert not policy.check(cast.vp, document, "attach").allowed
    with pytest.raises(InvalidStateError):
        services.attachment_add(actor=cast.vp, document=document, upload=_pdf())
    assert not DocumentAttachment.objects.exists()


def test_a_document_with_files_is_not_classified_afterwards(cast):
    document = _register(cast, direction="outgoing", outgoing_number=1, scan=_pdf())
    with pytest.raises(ApplicationError) as err:
        services.document_update(
            actor=cast.vp, document=document, expected_version=1, changes={"confidentiality": "secret"}
        )
    assert set(err.value.fields) == {"confidentiality"}
    document.refresh_from_db()
    assert document.confidentiality == "normal"


def test_a_refused_annex_stores_nothing(cast, settings):
    with pytest.raises(ApplicationError):
        _register(
            cast,
            direction="outgoing",
            outgoing_number=1,
            scan=_pdf(),
            annexes=[SimpleUploadedFile("a.pdf", b"MZ not a pdf")],
        )
    assert not Document.objects.exists()
    media = settings.MEDIA_ROOT
    assert not any(media.rglob("*.pdf")) if media.exists() else True


def test_the_register_entry_is_corrected_by_the_owners(cast):
    document = _register(cast, direction="outgoing", outgoing_number=998)
    document = services.document_update(
        actor=cast.vp,
        document=document,
        expected_version=1,
        changes={"outgoing_number": 999, "signer": "CHỦ TỊCH Trần B"},
    )
    assert (document.outgoing_number, document.signer, document.version) == (999, "CHỦ TỊCH Trần B", 2)
    with pytest.raises(ApplicationError) as err:
        services.document_update(
            actor=cast.vp, document=document, expected_version=2, changes={"outgoing_number": None}
        )
    assert set(err.value.fields) == {"outgoing_number"}
