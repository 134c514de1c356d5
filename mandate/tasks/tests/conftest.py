import datetime as dt

import pytest

from mandate.tasks.services import assignment


@pytest.fixture
def programme(cast, make_document):
    """A programme of the city Party committee, its tasks assigned by the city office."""
    return make_document("6-CTr/TU", cast.city_party, issued_on=dt.date(2023, 1, 5), type_slug="chuong-trinh")


@pytest.fixture
def assign(cast, programme):
    """``assign(lead_unit, **values)``: a task assigned by `van` for the city office."""

    def make(lead_unit=None, **values):
        values.setdefault("content", "Tổ chức tuyên truyền Chỉ thị")
        values.setdefault("assigned_on", dt.date(2024, 3, 1))
        if "working_days" not in values and values.get("kind", "deadline") == "deadline":
            values.setdefault("deadline_on", dt.date(2024, 4, 30))
        return assignment.task_assign(
            actor=values.pop("actor", cast.van),
            document=values.pop("document", programme),
            lead_unit=lead_unit or cast.culture,
            assigner_unit=values.pop("assigner_unit", cast.party_office),
            **values,
        )

    return make
