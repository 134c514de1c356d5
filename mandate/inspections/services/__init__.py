"""The writes of inspections, by topic: the reference loads (ADR 0033) and the records of
inspection (ADR 0040 and after). Callers import from here."""

from mandate.inspections.services.recommendations import (
    recommendation_add,
    recommendation_issue,
    recommendation_link_task,
)
from mandate.inspections.services.reference_loads import (
    CatalogueLoad,
    NamedFile,
    RulesLoad,
    catalogue_load,
    discipline_rules_load,
)

__all__ = [
    "CatalogueLoad",
    "NamedFile",
    "RulesLoad",
    "catalogue_load",
    "discipline_rules_load",
    "recommendation_add",
    "recommendation_issue",
    "recommendation_link_task",
]
