from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidentiality(models.TextChoices):
    NORMAL = "normal", _("Normal")
    CONFIDENTIAL = "confidential", _("Confidential (Mật)")
    SECRET = "secret", _("Secret (Tối mật)")
    TOP_SECRET = "top_secret", _("Top secret (Tuyệt mật)")


CLASSIFIED = frozenset({"confidential", "secret", "top_secret"})


class Direction(models.TextChoices):
    """Which register the document was entered in: received (văn bản đến) or issued (văn bản
    đi). Empty for records entered before the register kept it, and for the system's imports."""

    INCOMING = "incoming", _("Incoming (received)")
    OUTGOING = "outgoing", _("Outgoing (issued)")


class AttachmentKind(models.TextChoices):
    SCAN = "scan", _("Signed scan")
    ANNEX = "annex", _("Annex")
    FILE = "file", _("File")


class RelationKind(models.TextChoices):
    IMPLEMENTS = "implements", _("implements")
    AMENDS = "amends", _("amends")
    REPLACES = "replaces", _("replaces")


class RecipientKind(models.TextChoices):
    ADDRESSED = "addressed", _("Addressed to")
    TASKS = "tasks", _("Assigns tasks to")
