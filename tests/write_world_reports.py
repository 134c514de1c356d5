"""The report of one unit of the write matrix (tests/write_world.py) and of the permission
matrix's foreign unit (tests/test_permission_matrix.py): a report of the sample kind
(mandate/reports/tests/sample.py, registered by the fixtures that build these worlds), made by
the job and ready to issue, asked for by the system administrator (so that no actor of the cast
is its author: whoever acts for the unit reaches it, everyone else gets 404)."""

from __future__ import annotations

from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.reports.tests.sample import request_sample


def report_objects(unit: OrgUnit, author: User) -> dict[str, int]:
    report = request_sample(author, unit)
    return {"report": report.pk, "report_version": report.version}
