from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidentiality(models.TextChoices):
    NORMAL = "normal", _("Normal")
    CONFIDENTIAL = "confidential", _("Confidential (Mật)")
    SECRET = "secret", _("Secret (Tối mật)")
    TOP_SECRET = "top_secret", _("Top secret (Tuyệt mật)")


class RelationKind(models.TextChoices):
    IMPLEMENTS = "implements", _("implements")
    AMENDS = "amends", _("amends")
    REPLACES = "replaces", _("replaces")


class RecipientKind(models.TextChoices):
    ADDRESSED = "addressed", _("Addressed to")
    TASKS = "tasks", _("Assigns tasks to")
