"""Documents of the data files entered in the register through ``document_register``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from mandate.core.exceptions import ApplicationError
from mandate.dev.datafiles import Offset, Row
from mandate.dev.replay import ReplayError
from mandate.documents import services as document_services
from mandate.documents.enums import RelationKind
from mandate.documents.models import Document, DocumentType
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import unit_list
from mandate.people.models import User

__all__ = ["register_documents"]


def _recipients(row: Row, units: Mapping[str, OrgUnit], issued_on: dt.date) -> list[OrgUnit]:
    found = [units[key] for key in row["recipients"]]
    level = row["recipients_of_level"]
    if level is not None:
        # Every unit of that kind and level under ``under``, as the tree stood on the day.
        found += unit_list(
            on=issued_on, within=units[level["under"]], kind=level["kind"], level=level["level"]
        )
    return found


def register_documents(
    rows: list[Row],
    *,
    units: Mapping[str, OrgUnit],
    documents: dict[str, Document],
    today: dt.date,
    actor_for: Mapping[str, User | None] | None = None,
) -> None:
    """Register each row (skipping a symbol already in ``documents``) and relate it to the
    documents it implements. ``actor_for`` names who registers a unit's documents (else the
    system)."""
    types = {t.slug: t for t in DocumentType.objects.all()}
    for row in rows:
        if row["symbol"] in documents:
            continue
        issued_on = row["issued_on"].on(today) if isinstance(row["issued_on"], Offset) else row["issued_on"]
        actor = (actor_for or {}).get(row["issuer"])
        try:
            document = document_services.document_register(
                actor=actor,
                document_type=types[row["type"]],
                symbol=row["symbol"],
                issuing_unit=units[row["issuer"]],
                issued_on=issued_on,
                title=row["title"],
                summary=row["summary"],
                recipients_text=row["recipients_text"],
                recipient_units=_recipients(row, units, issued_on),
                is_public=row["public"],
            )
            for target in row["implements"]:
                document_services.document_relate(
                    actor=actor, source=document, target=documents[target], kind=RelationKind.IMPLEMENTS
                )
        except ApplicationError as error:
            raise ReplayError(f"{row.where}: the document {row['symbol']!r} was refused: {error}") from error
        documents[row["symbol"]] = document
