import datetime as dt

import pytest

from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.documents import permissions, policy, selectors, services
from mandate.documents.models import Document, DocumentType
from mandate.organisations import services as org_services


def _type(slug):
    return DocumentType.objects.get(slug=slug)


def test_register_keeps_the_symbol_as_written_and_parses_it(cast):
    document = services.document_register(
        actor=cast.van,
        document_type=_type("chuong-trinh"),
        symbol="06/Ctr-TU",
        issuing_unit=cast.city_party,
        issued_on=dt.date(2021, 3, 17),
        title="Chương trình 06",
    )

    assert (document.symbol, document.number, document.type_code, document.issuer_code) == (
        "06/Ctr-TU",
        6,
        "CTr",
        "TU",
    )
    assert AuditEntry.objects.filter(action="documents.register", target_id=str(document.pk)).count() == 1


def test_the_type_must_fit_the_code(cast):
    with pytest.raises(ApplicationError) as err:
        services.document_register(
            actor=cast.van,
            document_type=_type("ke-hoach"),
            symbol="24-CT/TU",
            issuing_unit=cast.standing,
            issued_on=dt.date(2023, 8, 7),
            title="Sai loại",
        )
    assert "document_type" in err.value.fields
    assert not Document.objects.exists()


@pytest.mark.parametrize("slug", ["quyet-dinh", "quy-dinh"])
def test_qd_fits_decision_and_regulation(cast, slug):
    document = services.document_register(
        actor=cast.van,
        document_type=_type(slug),
        symbol=f"{len(slug)}-QĐ/TU",
        issuing_unit=cast.city_party,
        issued_on=dt.date(2023, 1, 5),
        title="Quy định",
    )
    assert document.type_code == "QĐ"


def test_an_unparseable_symbol_is_refused_with_the_expected_forms(cast):
    with pytest.raises(ApplicationError) as err:
        services.document_register(
            actor=cast.van,
            document_type=_type("chi-thi"),
            symbol="24/CT-TU-XYZ!",
            issuing_unit=cast.standing,
            issued_on=dt.date(2023, 8, 7),
            title="Sai ký hiệu",
        )
    message = str(err.value.message)
    assert err.value.code == "invalid_symbol"
    assert "24/CT-TU-XYZ!" in message
    assert "176/KH-UBND" in message
    assert "59/2019/NĐ-CP" in message


def test_a_duplicate_state_symbol_in_the_same_year_is_refused(cast, make_document):
    make_document("176/KH-UBND", cast.city_state, issued_on=dt.date(2021, 6, 1))

    with pytest.raises(ApplicationError) as err:
        make_document("176/KH-UBND", cast.city_state, issued_on=dt.date(2021, 9, 1))
    assert err.value.code == "duplicate_symbol"
    make_document("176/KH-UBND", cast.city_state, issued_on=dt.date(2022, 1, 10))  # a new year: allowed
    make_document("176/KH-UBND", cast.district_state, issued_on=dt.date(2021, 9, 1))  # another issuer


def test_party_numbering_is_unique_per_term_not_per_year(cast, make_document):
    org_services.party_term_record(
        actor=cast.ad,
        unit=cast.city_party,
        name="Khóa XVII",
        starts_on=dt.date(2020, 10, 17),
        ends_on=dt.date(2025, 10, 15),
    )
    make_document("24-CT/TU", cast.standing, issued_on=dt.date(2023, 8, 7))

    with pytest.raises(ApplicationError) as err:
        make_document("24-CT/TU", cast.standing, issued_on=dt.date(2024, 3, 1))  # same term, next year
    assert err.value.code == "duplicate_symbol"
    make_document("24-CT/TU", cast.standing, issued_on=dt.date(2026, 3, 1))  # the next term


def test_without_recorded_terms_party_numbering_is_per_year(cast, make_document):
    make_document("47-KH/ĐU", cast.culture_party, issued_on=dt.date(2023, 2, 14))
    make_document("47-KH/DU", cast.culture_party, issued_on=dt.date(2024, 2, 14))
    with pytest.raises(ApplicationError):
        make_document("47-KH/DU", cast.culture_party, issued_on=dt.date(2024, 5, 14))


def test_the_year_in_a_normative_symbol_must_match_the_date(cast):
    with pytest.raises(ApplicationError) as err:
        services.document_register(
            actor=None,
            document_type=_type("nghi-dinh"),
            symbol="59/2019/NĐ-CP",
            issuing_unit=cast.city_state,
            issued_on=dt.date(2020, 7, 1),
            title="Nghị định",
        )
    assert "issued_on" in err.value.fields


def test_nobody_registers_outside_his_write_scope(cast):
    with pytest.raises(PermissionDeniedError):
        services.document_register(
            actor=cast.bao,
            document_type=_type("ke-hoach"),
            symbol="12/KH-UBND",
            issuing_unit=cast.city_state,
            issued_on=dt.date(2023, 1, 2),
            title="Ngoài phạm vi",
        )
    with pytest.raises(PermissionDeniedError):  # a viewer in scope may not write either
        services.document_register(
            actor=cast.vera,
            document_type=_type("ke-hoach"),
            symbol="12/KH-SVHTT",
            issuing_unit=cast.culture,
            issued_on=dt.date(2023, 1, 2),
            title="Người xem",
        )
    assert not Document.objects.exists()


def test_an_incoming_document_may_be_registered_by_its_recipient(cast):
    document = services.document_register(
        actor=cast.dung,
        document_type=_type("ke-hoach"),
        symbol="306/KH-UBND",
        issuing_unit=cast.city_state,
        issued_on=dt.date(2022, 5, 1),
        title="Kế hoạch giao Sở",
        recipient_units=[cast.culture],
    )
    assert selectors.document_get_visible(actor=cast.oanh, document_id=document.pk) == document
    with pytest.raises(ApplicationError):
        selectors.document_get_visible(actor=cast.tin, document_id=document.pk)


def test_an_internal_plan_is_seen_only_inside_its_department(cast, make_document):
    plan = make_document("47-KH/ĐU", cast.culture_party)

    def sees(user):
        return selectors.document_list_visible(actor=user).filter(pk=plan.pk).exists()

    assert [sees(u) for u in (cast.dung, cast.oanh, cast.van, cast.ad)] == [True, True, True, True]
    assert [sees(u) for u in (cast.bao, cast.tin, cast.olga)] == [False, False, False]


def test_a_public_directive_is_seen_by_every_signed_in_user(cast, make_document):
    directive = make_document("24-CT/TU", cast.standing, is_public=True, issued_on=dt.date(2023, 8, 7))

    assert selectors.document_list_visible(actor=cast.olga).filter(pk=directive.pk).exists()
    assert selectors.document_list_visible(actor=cast.bao).filter(pk=directive.pk).exists()


def test_a_document_assigning_tasks_into_a_unit_is_seen_there(cast, make_document):
    plan = make_document("176/KH-UBND", cast.city_state)
    assert not selectors.document_list_visible(actor=cast.bao).filter(pk=plan.pk).exists()

    services.document_reach_add(actor=cast.van, document=plan, unit=cast.district_state)

    assert selectors.document_list_visible(actor=cast.bao).filter(pk=plan.pk).exists()


@pytest.mark.parametrize("typed", ["06/Ctr-TU", "06-CTr/TU", "06-ctr-tu", "6-CTR/TU", "06-ct", "06"])
def test_look_up_by_symbol_as_people_type_it(cast, make_document, typed):
    programme = make_document("06/Ctr-TU", cast.city_party, issued_on=dt.date(2021, 3, 17))

    found = selectors.document_list_visible(actor=cast.van, symbol=typed)

    assert list(found) == [programme]


def test_search_by_words_of_the_title_ignores_accents(cast, make_document):
    plan = make_document("176/KH-UBND", cast.city_state, title="Kế hoạch phát triển văn hóa Thủ đô")

    assert list(selectors.document_list_visible(actor=cast.van, search="van hoa thu do")) == [plan]
    assert not selectors.document_list_visible(actor=cast.van, search="the thao").exists()


def _registered_by_vp(cast, symbol, issuer, issued_on):
    """The UBND's Office registers the document on the UBND's behalf, by its declared delegation:
    its people may correct it."""
    return services.document_register(
        actor=cast.vp, document_type=_type("ke-hoach"), symbol=symbol, issuing_unit=issuer,
        issued_on=issued_on, title=f"Văn bản {symbol}", direction="outgoing", outgoing_number=176,
    )  # fmt: skip


def test_relations_both_ways(cast, make_document):
    programme = make_document("06/Ctr-TU", cast.city_party, issued_on=dt.date(2021, 3, 17))
    plan = _registered_by_vp(cast, "176/KH-UBND", cast.city_state, dt.date(2021, 6, 1))

    services.document_relate(actor=cast.vp, source=plan, target=programme, kind="implements")

    outgoing, _ = selectors.relations_visible(actor=cast.van, document=plan)
    _, incoming = selectors.relations_visible(actor=cast.van, document=programme)
    assert [(r.kind, r.target_id) for r in outgoing] == [("implements", programme.pk)]
    assert [(r.kind, r.source_id) for r in incoming] == [("implements", plan.pk)]


def test_the_office_registering_by_delegation_owns_the_record_beside_the_issuer(cast):
    plan = _registered_by_vp(cast, "176/KH-UBND", cast.city_state, dt.date(2021, 6, 1))

    assert (plan.registered_by, plan.registered_for, plan.received_by) == (cast.vp, cast.state_office, None)
    assert permissions.can_change_document(actor=cast.vp, document=plan)
    assert not permissions.can_change_document(actor=cast.van, document=plan)


def test_retire_keeps_the_document_and_frees_its_symbol(cast, make_document):
    plan = _registered_by_vp(cast, "176/KH-UBND", cast.city_state, dt.date(2021, 6, 1))

    services.document_retire(actor=cast.ad, document=plan, reason="Đăng ký nhầm", expected_version=1)

    plan.refresh_from_db()
    assert plan.retired_reason == "Đăng ký nhầm"
    assert not selectors.document_list_visible(actor=cast.vp).exists()
    assert selectors.document_list_visible(actor=cast.vp, include_retired=True).get() == plan
    make_document("176/KH-UBND", cast.city_state, issued_on=dt.date(2021, 6, 2))


def test_a_unit_entering_a_document_in_its_incoming_register_owns_nothing_of_it(cast):
    """The bug of issue 10: the receiving unit became an owner and could retire the issuer's
    document for everyone."""
    plan = services.document_register(
        actor=cast.dung, document_type=_type("ke-hoach"), symbol="176/KH-UBND", issuing_unit=cast.city_state,
        issued_on=dt.date(2021, 6, 1), title="Kế hoạch", recipient_units=[cast.culture],
        direction="incoming", incoming_number=12, received_on=dt.date(2021, 6, 3),
    )  # fmt: skip

    assert (plan.registered_for, plan.received_by) == (None, cast.culture)
    assert [r.unit for r in plan.recipients.all()] == [cast.culture]
    with pytest.raises(PermissionDeniedError):
        services.document_retire(actor=cast.dung, document=plan, reason="Nhầm", expected_version=1)
    with pytest.raises(PermissionDeniedError):
        services.document_update(actor=cast.dung, document=plan, expected_version=1, changes={"title": "X"})
    assert policy.check(cast.dung, plan, "attach").allowed  # its own implementation files


def test_the_receiving_unit_is_added_to_the_recipients(cast):
    plan = services.document_register(
        actor=cast.dung, document_type=_type("ke-hoach"), symbol="176/KH-UBND", issuing_unit=cast.city_state,
        issued_on=dt.date(2021, 6, 1), title="Kế hoạch",
        direction="incoming", incoming_number=12, received_on=dt.date(2021, 6, 3),
    )  # fmt: skip
    assert plan.received_by == cast.culture
    assert selectors.document_list_visible(actor=cast.vera).get() == plan


def test_a_confidential_document_cannot_be_public(cast, make_document):
    with pytest.raises(ApplicationError):
        make_document("5-CT/TU", cast.standing, confidentiality="confidential", is_public=True)


def test_official_letters_share_one_number_sequence_per_issuer_and_year(cast, make_document):
    make_document("1234/UBND-KGVX", cast.city_state, type_slug="cong-van")

    with pytest.raises(ApplicationError) as err:
        make_document("1234/UBND-VP", cast.city_state, type_slug="cong-van")
    assert err.value.code == "duplicate_symbol"
