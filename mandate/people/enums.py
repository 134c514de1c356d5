from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    LEADER = "leader", _("Leader")
    SPECIALIST = "specialist", _("Specialist")
    OFFICIAL = "official", _("Official")
    INSPECTOR = "inspector", _("Inspector")
    VIEWER = "viewer", _("Viewer")


WRITING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.SPECIALIST, Role.OFFICIAL, Role.INSPECTOR})


class PositionKind(models.TextChoices):
    """How the position is held; decides the prefix the holder signs with."""

    REGULAR = "regular", _("Regular")
    ACTING = "acting", _("Acting (Q.)")
    DELEGATED = "delegated", _("By authorisation (TUQ.)")


class Language(models.TextChoices):
    NONE = "", _("As my browser asks")
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")
