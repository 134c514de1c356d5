"""``subjects_add_many`` (issue 12, item 9): the checks of ``subject_add`` for every subject, all or
none, and one audit entry naming what was made."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.inspections import services
from mandate.inspections.enums import InspectedKind
from mandate.inspections.models import InspectionSubject

pytestmark = pytest.mark.django_db


def test_many_subjects_are_added_with_one_audit_entry(records: SimpleNamespace) -> None:
    before = InspectionSubject.objects.count()
    made = services.subjects_add_many(
        actor=records.kt, inspection=records.inspection, units=[records.cast.info]
    )
    assert [(s.kind, s.unit_id, s.body_kind) for s in made] == [
        (InspectedKind.ORGANISATION, records.cast.info.pk, records.body.kind)
    ]
    assert InspectionSubject.objects.count() == before + 1
    entry = AuditEntry.objects.get(action="inspections.subjects_add_many")
    assert entry.after == {"subjects": [made[0].pk], "units": [records.cast.info.pk], "persons": []}


def test_one_refused_subject_refuses_the_batch(records: SimpleNamespace) -> None:
    before = InspectionSubject.objects.count()
    with pytest.raises(ApplicationError) as outside:
        services.subjects_add_many(
            actor=records.kt,
            inspection=records.inspection,
            units=[records.cast.info, records.cast.outsider_state],
        )
    assert outside.value.code == "outside_competence"
    with pytest.raises(ApplicationError):  # already a subject of this inspection
        services.subjects_add_many(
            actor=records.kt, inspection=records.inspection, units=[records.cast.culture]
        )
    with pytest.raises(ApplicationError):  # twice in one batch
        services.subjects_add_many(
            actor=records.kt, inspection=records.inspection, units=[records.cast.info, records.cast.info]
        )
    with pytest.raises(ApplicationError) as person:
        services.subjects_add_many(
            actor=records.kt, inspection=records.inspection, persons=[records.cast.olga.person]
        )
    assert person.value.code == "outside_competence"
    assert InspectionSubject.objects.count() == before


def test_who_does_not_write_for_the_body_may_not_add_many(records: SimpleNamespace) -> None:
    with pytest.raises(PermissionDeniedError):
        services.subjects_add_many(
            actor=records.cast.olga, inspection=records.inspection, units=[records.cast.info]
        )
