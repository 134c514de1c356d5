"""The inspection reference data of the demo (issue 12, ADR 0033): the discipline rules shipped
with the app, and the EXAMPLE catalogue of violation signs for the City Party Committee, loaded
through the same services as an administrator's file. The example is marked as one in its name
and in every answer that shows it; the Directive's appendix is not in the seeds and is not made up.
"""

from __future__ import annotations

from pathlib import Path

from django.core.files import File

from mandate.inspections import services
from mandate.inspections.models import DisciplineRuleSet, ViolationCatalogue
from mandate.organisations.models import OrgUnit

DATA = Path(services.__file__).resolve().parents[1] / "data"
RULES = DATA / "discipline_rules.yaml"
EXAMPLE = DATA / "example_catalogue_ct24.yaml"
OWNER_KEY = "thanh_uy_ha_noi"  # units.csv: the City Party Committee owns the city's catalogue


def load_reference_data(*, owner: OrgUnit) -> list[str]:
    """Load what is missing (a second run changes nothing and writes nothing); what was loaded."""
    loaded = []
    if not DisciplineRuleSet.objects.exists():
        with RULES.open("rb") as handle:
            services.discipline_rules_load(actor=None, file=File(handle, name=RULES.name))
        loaded.append("discipline rules")
    if not ViolationCatalogue.objects.filter(owner_unit=owner, key="ct24-example").exists():
        with EXAMPLE.open("rb") as handle:
            result = services.catalogue_load(
                actor=None, file=File(handle, name=EXAMPLE.name), owner_unit=owner
            )
        loaded.append(f"{result.catalogue.name} ({result.catalogue.signs.count()} signs)")
    return loaded
