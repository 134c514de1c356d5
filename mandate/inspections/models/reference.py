"""The reference data of inspection and discipline: the catalogue of violation signs, and the
discipline forms and deferral reasons, all versioned by their dates (docs/adr/0033).

None of it is ever deleted. A new version of a catalogue closes the old one's validity; a rule
that leaves the rules file is retired. Findings and decisions will point at these rows, so a row
means the same thing for ever.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.inspections.enums import DeferralEnd, DisciplineSystem, SignGroupKind, SubjectKind


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _validity_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name=name
    )


class ViolationCatalogue(BaseModel):
    """One version of a catalogue of violation signs, owned by a unit (the city's beside a
    district's own), in force from ``valid_from`` to ``valid_to`` (its last day)."""

    key = models.SlugField(
        _("catalogue key"), max_length=60, help_text=_("The same for every version of one catalogue.")
    )
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300)
    owner_unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner unit")
    )
    source_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source document"),
    )
    source_reference = models.CharField(
        _("where in the source"), max_length=300, blank=True, help_text=_("E.g. the appendix, or the body.")
    )
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True, help_text=_("Last day in force."))
    is_example = models.BooleanField(
        _("example"),
        default=False,
        help_text=_("An example made for trying the system, not an official text."),
    )
    note = models.TextField(_("note"), blank=True)
    note_en = models.TextField(_("English note"), blank=True)
    # Of the content as read (groups and signs), whatever the file's format: the same content
    # loaded twice is recognised, from YAML, CSV or Excel alike.
    content_sha256 = models.CharField(_("content checksum"), max_length=64, editable=False)
    file_sha256 = models.CharField(_("file checksum"), max_length=64, editable=False)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )

    class Meta:
        verbose_name = _("catalogue of violation signs")
        verbose_name_plural = _("catalogues of violation signs")
        ordering = ["owner_unit__path", "key", "-valid_from"]
        permissions = [
            ("load_catalogue", "Can load catalogues of violation signs for any unit"),
            ("load_discipline_rules", "Can load the discipline rules"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_unit", "key", "valid_from"], name="catalogue_one_version_per_day"
            ),
            _validity_check("catalogue_valid_to_after_from"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"

    @property
    def localized_name(self) -> str:
        return self.name_en if _english() else self.name


class SignGroup(models.Model):
    catalogue = models.ForeignKey(
        ViolationCatalogue, on_delete=models.PROTECT, related_name="groups", verbose_name=_("catalogue")
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=500)
    name_en = models.CharField(_("English name"), max_length=500)
    kind = models.CharField(_("kind of group"), max_length=12, choices=SignGroupKind.choices)
    order = models.PositiveIntegerField(_("order"))
    official_count = models.PositiveIntegerField(
        _("number of signs in the official text"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("group of signs")
        verbose_name_plural = _("groups of signs")
        ordering = ["catalogue", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="sign_group_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ViolationSign(models.Model):
    catalogue = models.ForeignKey(
        ViolationCatalogue, on_delete=models.PROTECT, related_name="signs", verbose_name=_("catalogue")
    )
    group = models.ForeignKey(
        SignGroup, on_delete=models.PROTECT, related_name="signs", verbose_name=_("group")
    )
    code = models.CharField(_("code"), max_length=30)
    text = models.TextField(_("text"))
    text_en = models.TextField(_("English text"))
    order = models.PositiveIntegerField(_("order"))
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    basis = models.TextField(_("basis"), blank=True, help_text=_("Where the sign comes from."))

    class Meta:
        verbose_name = _("violation sign")
        verbose_name_plural = _("violation signs")
        ordering = ["catalogue", "group__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="sign_code_unique_in_catalogue"),
            _validity_check("sign_valid_to_after_from"),
        ]

    def __str__(self) -> str:
        return self.code


class DisciplineRuleSet(BaseModel):
    """The forms one source gives, for the kinds of subject it covers, over its period. The
    "to verify" mark is here because it is a doubt about the source or its dates; every form of
    the set carries it wherever the form is offered."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    system = models.CharField(_("discipline system"), max_length=10, choices=DisciplineSystem.choices)
    source_document = models.CharField(_("source document"), max_length=60)
    source_title = models.CharField(_("title of the source"), max_length=300)
    source_title_en = models.CharField(_("English title of the source"), max_length=300)
    source_article = models.CharField(_("article"), max_length=60, blank=True)
    source_url = models.URLField(_("where it was read"), max_length=500, blank=True)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    to_verify = models.BooleanField(_("to verify"), default=False)
    to_verify_note = models.TextField(_("what to verify"), blank=True)
    to_verify_note_en = models.TextField(_("what to verify (English)"), blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("discipline rule set")
        verbose_name_plural = _("discipline rule sets")
        ordering = ["system", "valid_from", "key"]
        constraints = [_validity_check("rule_set_valid_to_after_from")]

    def __str__(self) -> str:
        return f"{self.source_document} {self.source_article}".strip()


class DisciplineForm(models.Model):
    rule_set = models.ForeignKey(
        DisciplineRuleSet, on_delete=models.PROTECT, related_name="forms", verbose_name=_("rule set")
    )
    subject_kind = models.CharField(_("kind of subject"), max_length=30, choices=SubjectKind.choices)
    code = models.SlugField(_("form code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    severity = models.PositiveSmallIntegerField(_("severity"), help_text=_("1 is the lightest."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    note_en = models.CharField(_("English note"), max_length=300, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("discipline form")
        verbose_name_plural = _("discipline forms")
        ordering = ["subject_kind", "rule_set__valid_from", "severity"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "subject_kind", "code"], name="discipline_form_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def localized_name(self) -> str:
        return self.name_en if _english() else self.name


class DeferralReason(BaseModel):
    """A circumstance during which discipline is not decided (R13), with the rule of its end."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    end_rule = models.CharField(_("end of the deferral"), max_length=20, choices=DeferralEnd.choices)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    end_rule_text = models.CharField(_("end of the deferral, in words"), max_length=300)
    end_rule_text_en = models.CharField(_("end of the deferral, in English words"), max_length=300)
    subject_kinds = models.JSONField(_("kinds of subject"), default=list)
    waivable = models.BooleanField(_("the person may ask not to defer"), default=False)
    source_document = models.CharField(_("source document"), max_length=60)
    source_article = models.CharField(_("article"), max_length=60, blank=True)
    source_url = models.URLField(_("where it was read"), max_length=500, blank=True)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    to_verify = models.BooleanField(_("to verify"), default=False)
    to_verify_note = models.TextField(_("what to verify"), blank=True)
    to_verify_note_en = models.TextField(_("what to verify (English)"), blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deferral reason")
        verbose_name_plural = _("deferral reasons")
        ordering = ["code"]
        constraints = [
            _validity_check("deferral_valid_to_after_from"),
            models.CheckConstraint(
                condition=~Q(end_rule=DeferralEnd.MONTHS_AFTER) | Q(months__isnull=False),
                name="deferral_months_given",
            ),
        ]

    def __str__(self) -> str:
        return self.name
