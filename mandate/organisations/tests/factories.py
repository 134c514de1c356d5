from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from mandate.organisations import services
from mandate.organisations.models import OrgUnit


class UnitFactory(factory.Factory[OrgUnit]):
    """A unit made the way the application makes one: through ``unit_create`` (tree lock, audit)."""

    class Meta:
        model = OrgUnit

    parent = None
    name = factory.Sequence(lambda n: f"Đơn vị thử {n}")
    name_en = factory.LazyAttribute(lambda o: o.name)
    code = ""
    kind = "state"
    level = "office"
    valid_from = dt.date(2020, 1, 1)

    @classmethod
    def _create(cls, model_class: type[OrgUnit], *args: Any, **kwargs: Any) -> OrgUnit:
        return services.unit_create(actor=None, **kwargs)
