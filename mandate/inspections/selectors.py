"""Reads of the catalogues of violation signs.

Catalogues are published rules, open to every signed-in user (a district's own catalogue, like
Chương Mỹ's 39-CT/HU, is a directive its Party members are told to follow), so these reads are
not scoped by unit: a missing id is simply 404.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, QuerySet

from mandate.core.exceptions import NotFoundError
from mandate.inspections.models import SignGroup, ViolationCatalogue, ViolationSign
from mandate.organisations.selectors import valid_on_q


def catalogue_list(
    *, on: dt.date | None = None, owner_unit_id: int | None = None, key: str | None = None
) -> QuerySet[ViolationCatalogue]:
    """Every version, or those in force on ``on``; newest first within a catalogue."""
    catalogues = ViolationCatalogue.objects.all()
    if on is not None:
        catalogues = catalogues.filter(valid_on_q(on))
    if owner_unit_id is not None:
        catalogues = catalogues.filter(owner_unit_id=owner_unit_id)
    if key:
        catalogues = catalogues.filter(key=key)
    return (
        catalogues.select_related("owner_unit", "source_document")
        .annotate(sign_count=Count("signs"))
        .order_by("owner_unit__path", "key", "-valid_from", "id")
    )


def catalogue_get(*, catalogue_id: int, on: dt.date | None = None) -> ViolationCatalogue:
    """One version with its groups and signs; with ``on``, only the signs in force that day."""
    signs = ViolationSign.objects.order_by("order", "code")
    if on is not None:
        signs = signs.filter(valid_on_q(on))
    catalogue = (
        ViolationCatalogue.objects.filter(pk=catalogue_id)
        .select_related("owner_unit", "source_document")
        .prefetch_related(
            Prefetch("groups", queryset=SignGroup.objects.order_by("order", "code")),
            Prefetch("signs", queryset=signs.select_related("group")),
        )
        .first()
    )
    if catalogue is None:
        raise NotFoundError()
    return catalogue


def signs_in_force(*, on: dt.date, owner_unit_id: int | None = None) -> QuerySet[ViolationSign]:
    """The signs an inspection may cite on a day: in force themselves, in a catalogue in force."""
    signs = ViolationSign.objects.filter(valid_on_q(on), valid_on_q(on, "catalogue__"))
    if owner_unit_id is not None:
        signs = signs.filter(catalogue__owner_unit_id=owner_unit_id)
    return signs.select_related("catalogue", "group").order_by("catalogue__key", "group__order", "order")
