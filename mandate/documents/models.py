from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.documents.enums import AttachmentKind, Confidentiality, Direction, RecipientKind, RelationKind


class DocumentType(models.Model):
    slug = models.SlugField(_("key"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    symbol_codes = models.JSONField(_("symbol codes"), default=list, blank=True)
    codeless = models.BooleanField(_("symbol without type code"), default=False)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def localized_name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name


class Document(BaseModel):
    """A directive, resolution, programme, plan, decision… as registered, with its symbol parsed."""

    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name=_("document type")
    )
    symbol = models.CharField(
        _("number and symbol"), max_length=60, help_text=_("As written, e.g. 24-CT/TU.")
    )
    symbol_key = models.CharField(max_length=60, db_index=True, editable=False)
    number = models.PositiveIntegerField(_("number"))
    type_code = models.CharField(_("type code"), max_length=10, blank=True)
    issuer_code = models.CharField(_("issuer code"), max_length=30)
    drafting_code = models.CharField(_("drafting unit code"), max_length=30, blank=True)
    symbol_year = models.PositiveIntegerField(_("year in the symbol"), null=True, blank=True)
    symbol_form = models.CharField(_("form"), max_length=10)
    uniqueness_key = models.CharField(max_length=120, editable=False)
    issuing_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="issued_documents",
        verbose_name=_("issuing unit"),
    )
    issued_on = models.DateField(_("issued on"))
    title = models.CharField(pgettext_lazy("document", "title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    recipients_text = models.TextField(_("recipients (as written)"), blank=True)
    signer = models.CharField(
        _("signed by"),
        max_length=200,
        blank=True,
        help_text=_("As written, e.g. KT. CHỦ TỊCH — PHÓ CHỦ TỊCH Nguyễn Văn A."),
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    # The register a clerk keeps (docs/adr/0025-document-register.md): an incoming document has the
    # receiving unit's own number (số đến) and the day it arrived (ngày đến); an outgoing one its
    # issuing number (số đi).
    direction = models.CharField(_("register"), max_length=10, choices=Direction.choices, blank=True)
    incoming_number = models.PositiveIntegerField(_("incoming number"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_by = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    outgoing_number = models.PositiveIntegerField(_("outgoing number"), null=True, blank=True)
    is_public = models.BooleanField(_("public to every signed-in user"), default=False)
    search_text = models.TextField(editable=False, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_reason = models.TextField(_("reason for retirement"), blank=True)
    # Who entered it, and for whom: the issuer itself, or the office that registers on the issuer's
    # behalf by a declared delegation. Those people may correct it; a unit that entered it in its
    # own incoming register (``received_by``) and the units it merely reaches may not
    # (docs/adr/0018, 0025).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_for = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by the office of"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "uniqueness_key"],
                condition=Q(retired_at__isnull=True),
                name="document_symbol_unique_per_issuer_period",
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(confidentiality=Confidentiality.NORMAL),
                name="document_public_only_if_normal",
            ),
            models.CheckConstraint(
                condition=~Q(direction=Direction.INCOMING)
                | Q(incoming_number__isnull=False, received_on__isnull=False, outgoing_number__isnull=True),
                name="document_incoming_has_its_register_entry",
            ),
            models.CheckConstraint(
                condition=~Q(direction=Direction.OUTGOING)
                | Q(outgoing_number__isnull=False, incoming_number__isnull=True, received_on__isnull=True),
                name="document_outgoing_has_its_register_entry",
            ),
            models.CheckConstraint(
                condition=~Q(direction="")
                | Q(outgoing_number__isnull=True, incoming_number__isnull=True, received_on__isnull=True),
                name="document_register_entry_needs_a_register",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} — {self.title}"[:300]


class DocumentRecipient(models.Model):
    """A unit the document reaches: addressed to it, or assigning tasks into it (which makes the
    document visible there)."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="recipients", verbose_name=_("document")
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="received_documents",
        verbose_name=_("unit"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=RecipientKind.choices, default=RecipientKind.ADDRESSED
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["document", "unit", "kind"], name="recipient_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.unit_id}"


class DocumentRelation(models.Model):
    source = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="relations_out", verbose_name=_("document")
    )
    target = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="relations_in", verbose_name=_("related document")
    )
    kind = models.CharField(_("relation"), max_length=12, choices=RelationKind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="relation_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class DocumentAttachment(models.Model):
    """A file of the document, stored under a generated name; the user's name is for display."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("document")
    )
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", max_length=200)
    kind = models.CharField(
        _("kind of file"), max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.FILE
    )
    display_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.display_name
