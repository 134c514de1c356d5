from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.people.enums import Language, PositionKind, Role


class User(AbstractUser):
    """An account. What it may see and do comes from the positions of its person."""

    language = models.CharField(_("language"), max_length=5, choices=Language.choices, blank=True, default="")
    # Bumped when the password changes or the account is switched off: every session and API
    # token issued before dies, and stays dead if the account is switched on again.
    credential_generation = models.PositiveIntegerField(_("credential generation"), default=0, editable=False)
    # Set by an administrator for an account that reads sensitive records although no position
    # says so; the other reasons are in ``people.second_factor.requires_second_factor`` (ADR 0034).
    # A default in the database too: the bench's generator writes accounts with COPY.
    second_factor_required = models.BooleanField(
        _("signs in with a second factor"),
        default=False,
        db_default=False,
        help_text=_(
            "The account must confirm each sign-in with a code from an authenticator app. Inspectors, "
            "auditors and superusers need one whatever this says."
        ),
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def get_session_auth_hash(self) -> str:
        """Sessions carry this hash; Django signs a session out when it no longer matches. Django
        hashes the password alone; the generation is added so that switching an account off (and
        on again) kills its sessions too. Generation 0 keeps Django's hash, so existing sessions
        survive the upgrade."""
        if not self.credential_generation:
            return super().get_session_auth_hash()
        return self._generation_hash(None)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        if not self.credential_generation:
            yield from super().get_session_auth_fallback_hash()
            return
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._generation_hash(secret)

    def password_marker(self) -> str:
        """Changes whenever the password does; never reveals anything about it."""
        return salted_hmac(
            "mandate.people.ApiToken.password_marker", self.password, algorithm="sha256"
        ).hexdigest()

    def _generation_hash(self, secret: str | bytes | None) -> str:
        return salted_hmac(
            "mandate.people.User.session_auth_hash",
            f"{self.password}:{self.credential_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Person(BaseModel):
    full_name = models.CharField(_("full name"), max_length=200)
    user = models.OneToOneField(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name


class Position(BaseModel):
    """A person holds a position in a unit over a period.

    ``scope_unit`` widens what the position covers beyond its own unit (the city office's
    specialist follows the whole city); by default the position covers its unit's subtree.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="positions", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit")
    )
    scope_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("covers"),
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    kind = models.CharField(
        _("held as"), max_length=10, choices=PositionKind.choices, default=PositionKind.REGULAR
    )
    is_head = models.BooleanField(_("head of the unit"), default=False)
    is_deputy = models.BooleanField(_("deputy head"), default=False)
    on_behalf_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("on behalf of"),
    )
    acts_for = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegated_positions",
        verbose_name=_("carries the authority of"),
        help_text=_(
            "A unit that delegates its authority to this position (the Party Office's staff act for "
            "the Standing Committee). Leave empty for the position's own unit only."
        ),
    )
    acts_for_basis = models.CharField(
        _("basis of the delegation"),
        max_length=300,
        blank=True,
        help_text=_("The decision or regulation that delegates the authority."),
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["unit_id", "-is_head", "valid_from", "id"]
        indexes = [models.Index(fields=["unit", "valid_from"], name="position_unit_from_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="position_valid_to_after_from",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="position_role_valid"),
            models.CheckConstraint(
                condition=~(Q(is_head=True) & Q(is_deputy=True)), name="position_head_or_deputy"
            ),
            models.CheckConstraint(
                condition=Q(acts_for__isnull=True) | ~Q(acts_for_basis=""),
                name="position_delegation_has_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signing_prefix}{self.title} — {self.person}".strip()

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    @property
    def signing_prefix(self) -> str:
        """How the holder signs for the head: Q. (acting), TUQ. (authorised), KT. (deputy)."""
        if self.kind == PositionKind.ACTING:
            return "Q. "
        if self.kind == PositionKind.DELEGATED:
            return "TUQ. "
        if self.is_deputy:
            return "KT. "
        return ""


class ApiToken(models.Model):
    """A credential for the API that dies: it expires, can be revoked, and stops working when its
    owner's password changes or the account is switched off (ADR 0019).

    Only a SHA-256 of the key is stored; the key itself is shown once, when it is issued. The key
    is random (256 bits), so a plain hash is enough: there is nothing to guess or brute-force.
    """

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("account")
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key starts with"), max_length=12, editable=False)
    # The account's credential generation when the token was issued: a later password change or
    # switching the account off bumps the account's generation and so kills the token for good.
    generation = models.PositiveIntegerField(_("credential generation"), default=0, editable=False)
    # An HMAC of the password hash when the token was issued: a password changed by any path
    # (``manage.py changepassword`` included, which bumps no generation) kills the token too.
    password_marker = models.CharField(_("password marker"), max_length=64, editable=False, default="")
    # Issued in a session confirmed by a second factor (or by such a token): only such tokens open
    # the API for an account that must sign in with a second factor (ADR 0034).
    second_factor = models.BooleanField(
        _("issued after a second factor"), default=False, db_default=False, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("revoked by")
    )
    revoke_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_created_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SignInUnlock(models.Model):
    """A one-time link that lifts the sign-in lock on one user name. Only a SHA-256 of its key is
    stored; it expires, and using it signs nobody in."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="sign_in_unlocks", verbose_name=_("account")
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    requested_from = models.CharField(_("requested from"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("sign-in unlock link")
        verbose_name_plural = _("sign-in unlock links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%d/%m/%Y %H:%M}"
