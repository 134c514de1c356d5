from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """The kind of body, apart from its level: Party and State structures stand side by side."""

    AREA = "area", _("Administrative area")
    PARTY = "party", _("Party")
    STATE = "state", _("State")
    FRONT = "front", _("Fatherland Front")
    MASS = "mass", _("Mass organisation")


class UnitLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    CITY = "city", _("City or province")
    DEPARTMENT = "department", _("Department")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune or ward")
    OFFICE = "office", _("Office")
    COMMITTEE = "committee", _("Committee or board")
    PUBLIC_SERVICE = "public_service", _("Public service unit")


class LineageKind(models.TextChoices):
    MERGE = "merge", _("Merged into")
    TRANSFER = "transfer", _("Taken over by")
