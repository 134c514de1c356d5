"""The second factor's writes: enrolment, a code checked at sign-in, new backup codes, an
administrator's reset, and the demo's fixed enrolment (ADR 0034).

The devices are django-otp's: a ``TOTPDevice`` (RFC 6238, 6 digits, 30 s, one step of clock
tolerance, each code accepted once) and a ``StaticDevice`` holding the one-time backup codes.
django-otp throttles each device by itself (1, 2, 4, … seconds after successive wrong codes);
the sign-in lock of ``people.credentials`` counts the wrong codes too (the page sends them to
it), so a right password never buys an attacker more tries at the code.

A backup code is deleted when it is used, and a reset deletes the account's devices: those rows
are secrets, not records. What happened is in the audit trail (never the secret itself).
"""

from __future__ import annotations

import base64
import binascii
import re
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from mandate.core import audit
from mandate.core.audit_keys import is_production
from mandate.core.exceptions import ApplicationError, InvalidStateError, PermissionDeniedError
from mandate.people import credentials, permissions
from mandate.people.models import User
from mandate.people.second_factor import requires_second_factor

BACKUP_CODES = 10
DEVICE_NAME = "Mandate"
TOLERANCE = 1  # one 30-second step either side: a phone's clock a little off still works
_TOTP_CODE = re.compile(r"^\d{6}$")
_BACKUP_CODE = re.compile(r"^[a-z2-7]{8}$")
_SEPARATORS = re.compile(r"[\s\-]+")


def new_secret() -> str:
    """A fresh TOTP secret, 160 bits as RFC 4226 recommends, hex-encoded as django-otp keeps it."""
    return str(random_hex(20))


def secret_base32(key_hex: str) -> str:
    """The secret as an authenticator app takes it when typed in (no padding)."""
    return base64.b32encode(binascii.unhexlify(key_hex)).decode("ascii").rstrip("=")


def provisioning_uri(*, user: User, key_hex: str) -> str:
    """The ``otpauth://`` address the enrolment QR code carries (issuer ``OTP_TOTP_ISSUER``)."""
    return str(TOTPDevice(user=user, key=key_hex, name=DEVICE_NAME).config_url)


def normalise(code: str) -> str:
    """What the person typed, without the spaces and dashes the page shows codes with."""
    return _SEPARATORS.sub("", code or "").lower()


def totp_device(user: User) -> TOTPDevice | None:
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device


def is_enrolled(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def backup_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def _matching_step(key_hex: str, code: str) -> int | None:
    """The time step whose code this is (within the tolerance), or None."""
    if not _TOTP_CODE.match(code):
        return None
    totp = TOTP(binascii.unhexlify(key_hex))
    totp.time = time.time()
    if not totp.verify(int(code), tolerance=TOLERANCE):
        return None
    return int(totp.t())


def _new_backup_codes(user: User) -> list[str]:
    """Ten new one-time codes in place of the account's old ones (shown once, by the caller)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticToken.objects.filter(device=device).delete()
    codes = [str(StaticToken.random_token()) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _lock_account(user: User) -> User:
    """One enrolment or verification of an account at a time (two tabs, two requests)."""
    return User.objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def second_factor_enrol(*, actor: User, key_hex: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the secret the enrolment page showed with a code the app made from it; the account
    then signs in with codes, and gets its backup codes (returned once, never shown again)."""
    if not requires_second_factor(actor):
        raise PermissionDeniedError(_("Your account does not need a second factor."))
    account = _lock_account(actor)
    if is_enrolled(account):
        raise InvalidStateError(
            _("Your second factor is already set up. To set up a new one, ask an administrator to reset it."),
            code="second_factor_enrolled",
        )
    step = _matching_step(key_hex, normalise(code))
    if step is None:
        message = _("This code does not match. Type the 6 digits the app shows now.")
        raise ApplicationError(message, fields={"code": [message]})
    device = TOTPDevice.objects.create(
        user=account, name=DEVICE_NAME, key=key_hex, confirmed=True, last_t=step, tolerance=TOLERANCE
    )
    codes = _new_backup_codes(account)
    audit.record(
        actor=actor, action="people.second_factor_enrol", target=account, after={"backup_codes": len(codes)}
    )
    return device, codes


@dataclass(frozen=True)
class Check:
    """What a code given at sign-in came to. ``wait_seconds``: the devices' own throttle refused
    to look at it (no guess was tested, so it is not a failed try)."""

    ok: bool
    method: str = ""  # "totp" or "backup_code"
    device_id: str = ""
    backup_codes_left: int = 0
    wait_seconds: int = 0


def _throttled(device: Any) -> int:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (data or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))


@transaction.atomic
def second_factor_verify(*, user: User, code: str) -> Check:
    """Check a code from the app (6 digits) or a backup code (8 letters and digits, used up)."""
    account = _lock_account(user)
    code = normalise(code)
    device: Any = None
    method = ""
    if _TOTP_CODE.match(code):
        device, method = TOTPDevice.objects.filter(user=account, confirmed=True).first(), "totp"
    elif _BACKUP_CODE.match(code):
        device, method = StaticDevice.objects.filter(user=account, confirmed=True).first(), "backup_code"
    if device is None:
        if not is_enrolled(account):
            raise InvalidStateError(_("Set up your second factor first."), code="second_factor_not_enrolled")
        return Check(ok=False)
    wait = _throttled(device)
    if wait:
        return Check(ok=False, wait_seconds=wait)
    if not device.verify_token(code):
        return Check(ok=False)
    left = backup_codes_left(account)
    audit.record(
        actor=account,
        action="people.second_factor_verify",
        target=account,
        after={"method": method, "backup_codes_left": left},
    )
    return Check(ok=True, method=method, device_id=str(device.persistent_id), backup_codes_left=left)


@transaction.atomic
def backup_codes_renew(*, actor: User) -> list[str]:
    """Ten new backup codes in place of the old ones (the page allows it only in a session that
    gave its second factor)."""
    account = _lock_account(actor)
    if not is_enrolled(account):
        raise InvalidStateError(_("Set up your second factor first."), code="second_factor_not_enrolled")
    codes = _new_backup_codes(account)
    audit.record(
        actor=actor,
        action="people.second_factor_backup_codes",
        target=account,
        after={"backup_codes": len(codes)},
    )
    return codes


@transaction.atomic
def second_factor_reset(*, actor: User, user: User, reason: str = "") -> User:
    """An administrator removes an account's second factor (a lost phone): its devices and backup
    codes go, and so do its sessions and tokens; at its next sign-in it enrols again. Only a
    superuser resets a superuser's."""
    if not permissions.can_manage_people(actor=actor):
        raise PermissionDeniedError(_("Only an administrator may manage accounts and positions."))
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDeniedError(_("Only a superuser may reset a superuser's second factor."))
    account = _lock_account(user)
    removed = (
        TOTPDevice.objects.filter(user=account).count() + StaticDevice.objects.filter(user=account).count()
    )
    StaticToken.objects.filter(device__user=account).delete()
    StaticDevice.objects.filter(user=account).delete()
    TOTPDevice.objects.filter(user=account).delete()
    reason = (reason or _("Second factor reset by an administrator.")).strip()[:200]
    credentials.credentials_revoke_all(actor=actor, user=account, reason=reason)
    audit.record(
        actor=actor,
        action="people.second_factor_reset",
        target=account,
        after={"devices_removed": removed, "reason": reason},
    )
    return account


@transaction.atomic
def totp_enrol_fixed(*, user: User, secret_base32: str) -> TOTPDevice:
    """For the demo loader only: enrol ``user`` with a secret printed in the README, so that a
    reader can add it to his app and sign in as the demo's inspector. Refused in production
    (``core.audit_keys.is_production``): a known secret is no second factor."""
    if is_production():
        raise PermissionDeniedError(
            _("A fixed second-factor secret is only for the demo, never in production.")
        )
    cleaned = secret_base32.replace(" ", "").upper()
    try:
        key = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError) as err:
        raise ApplicationError(_("The secret is not base32."), fields={"secret_base32": [str(err)]}) from err
    if len(key) < 10:
        raise ApplicationError(
            _("The secret is too short: at least 16 base32 characters (80 bits)."),
            fields={"secret_base32": [_("Too short.")]},
        )
    account = _lock_account(user)
    StaticToken.objects.filter(device__user=account).delete()
    StaticDevice.objects.filter(user=account).delete()
    TOTPDevice.objects.filter(user=account).delete()
    device = TOTPDevice.objects.create(
        user=account, name=DEVICE_NAME, key=key.hex(), confirmed=True, tolerance=TOLERANCE
    )
    audit.record(
        actor=None, action="people.second_factor_enrol", target=account, after={"fixed_secret": True}
    )
    return device
