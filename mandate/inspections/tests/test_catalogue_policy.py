"""Who may load a catalogue of violation signs (docs/adr/0047, superseding part of ADR 0033): a
system administrator, or a *declared* inspection commission (an ``InspectingBody`` of that kind,
in force today) or its office, for the Party organisations within the declared competence. A
unit's ``UBKT…`` code gives nothing by itself."""

from __future__ import annotations

import datetime as dt

import pytest

from mandate.core.exceptions import PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.inspections import policy, services
from mandate.inspections.enums import BodyKind
from mandate.inspections.models import SignGroup, ViolationCatalogue, ViolationSign
from mandate.inspections.tests.conftest import EXAMPLE, as_yaml, catalogue_rows, upload


def _counts() -> tuple[int, int, int, int]:
    return (
        ViolationCatalogue.objects.count(),
        SignGroup.objects.count(),
        ViolationSign.objects.count(),
        AuditEntry.objects.filter(action="inspections.catalogue_load").count(),
    )


def _load(actor, owner, *, key: str = "ct24-test"):
    return services.catalogue_load(
        actor=actor, file=upload(f"{key}.yaml", as_yaml(catalogue_rows(key=key))), owner_unit=owner
    )


def _refused(actor, owner) -> str:
    before = _counts()
    with pytest.raises(PermissionDeniedError) as refused:
        _load(actor, owner)
    assert _counts() == before, "a refused load writes nothing"
    return str(refused.value.message)


def _district(cast):
    from conftest import _unit

    party = _unit(cast.district, "Huyện ủy Mẫu", "party", "district", "HU")
    commission = _unit(party, "Ủy ban Kiểm tra Huyện ủy Mẫu", "party", "committee", "UBKTHU")
    return party, commission


def test_a_declared_commissions_office_loads_for_party_organisations_in_its_competence(
    cast, directive, declared_commission
):
    district_party, _commission = _district(cast)

    result = services.catalogue_load(
        actor=declared_commission.kiem,
        file=upload("tp.yaml", EXAMPLE.read_bytes()),
        owner_unit=cast.city_party,
    )
    below = _load(declared_commission.kiem, district_party)

    assert result.catalogue.loaded_by == declared_commission.kiem
    assert below.outcome == "loaded"
    assert [body.pk for body in policy.commissions_of(declared_commission.kiem)] == [
        declared_commission.body.pk
    ]


def test_a_unit_coded_ubkt_but_not_declared_loads_nothing(cast, directive, commission):
    """The weakness ADR 0033 named: the code alone made a commission. It no longer does."""
    assert commission.unit.code.startswith("UBKT")

    message = _refused(commission.kiem, cast.city_party)

    assert policy.commissions_of(commission.kiem) == []
    assert "hệ thống" in message  # "Only a system administrator, or an inspection commission…"


def test_the_declaration_not_the_code_makes_a_commission(cast, directive):
    from conftest import _person, _unit

    unit = _unit(cast.city_party, "Cơ quan Kiểm tra Thành ủy", "party", "committee", "CQKT")
    kim = _person("kim", "Kiểm Tra Viên Kim", unit=unit, title="Kiểm tra viên", role="inspector")
    services.inspecting_body_declare(
        actor=None,
        unit=unit,
        kind=BodyKind.INSPECTION_COMMISSION,
        competence_unit=cast.city,
        valid_from=dt.date(2020, 1, 1),
    )

    assert _load(kim, cast.city_party).outcome == "loaded"


@pytest.mark.parametrize("kind", [BodyKind.PARTY_COMMITTEE, BodyKind.STANDING_COMMITTEE])
def test_a_body_of_another_kind_does_not_load_catalogues(cast, directive, commission, kind):
    services.inspecting_body_declare(
        actor=None, unit=commission.unit, kind=kind, competence_unit=cast.city, valid_from=dt.date(2020, 1, 1)
    )

    _refused(commission.kiem, cast.city_party)


def test_a_declaration_that_ended_gives_nothing(cast, directive, commission):
    services.inspecting_body_declare(
        actor=None,
        unit=commission.unit,
        kind=BodyKind.INSPECTION_COMMISSION,
        competence_unit=cast.city,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2021, 12, 31),
    )

    _refused(commission.kiem, cast.city_party)


def test_a_districts_commission_loads_for_its_district_not_for_the_city(cast, directive):
    from conftest import _person

    district_party, unit = _district(cast)
    hung = _person("hung", "Kiểm Tra Viên Hưng", unit=unit, title="Kiểm tra viên", role="inspector")
    services.inspecting_body_declare(
        actor=None,
        unit=unit,
        kind=BodyKind.INSPECTION_COMMISSION,
        competence_unit=cast.district,
        valid_from=dt.date(2020, 1, 1),
    )

    message = _refused(hung, cast.city_party)
    assert _load(hung, district_party).outcome == "loaded"
    assert "Thành ủy Mẫu" in message and "Huyện Mẫu" in message  # the owner, and the competence


def test_a_commission_may_not_load_for_a_state_unit_or_outside_its_competence(
    cast, directive, declared_commission
):
    from conftest import _unit

    outside_party = _unit(cast.outsider, "Tỉnh ủy Khác", "party", "city", "TU")

    state = _refused(declared_commission.kiem, cast.culture)
    outside = _refused(declared_commission.kiem, outside_party)

    assert "Sở Văn hóa và Thể thao" in state
    assert "Tỉnh ủy Khác" in outside


@pytest.mark.parametrize("who", ["dung", "van", "chanh", "olga"])
def test_others_may_not_load_a_catalogue(cast, directive, who):
    before = _counts()
    with pytest.raises(PermissionDeniedError):
        services.catalogue_load(
            actor=getattr(cast, who), file=upload("tp.yaml", EXAMPLE.read_bytes()), owner_unit=cast.city_party
        )
    assert _counts() == before


def test_the_api_lets_a_declared_commissions_office_upload(cast, api, directive, declared_commission):
    loads = "/api/v1/inspections/catalogue-loads/"
    data = {"file": upload(EXAMPLE.name, EXAMPLE.read_bytes()), "owner_unit": cast.city_party.pk}

    response = api(declared_commission.kiem).post(loads, data, format="multipart")

    assert response.status_code == 201, response.json()


def test_the_api_refuses_an_undeclared_ubkt_before_reading_the_file(cast, api, directive, commission):
    loads = "/api/v1/inspections/catalogue-loads/"
    data = {"file": upload(EXAMPLE.name, EXAMPLE.read_bytes()), "owner_unit": cast.city_party.pk}

    response = api(commission.kiem).post(loads, data, format="multipart")

    assert response.status_code == 403
    assert ViolationCatalogue.objects.count() == 0
