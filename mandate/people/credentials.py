"""Services of credentials: API tokens that die, sessions that die with them, and the sign-in
lock that its owner (or an administrator) can lift (ADR 0019).

Why a generation on the account: switching an account off must kill every session and token it
has, and switching it on again must not bring them back. Bumping ``User.credential_generation``
does both at once: the session hash and every token carry the generation they were issued under.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from mandate.people import permissions
from mandate.people.models import ApiToken, SignInUnlock, User
from mandate.people.second_factor import requires_second_factor

logger = logging.getLogger(__name__)
TOKEN_PREFIX = "mdt_"  # noqa: S105 (a marker that makes a leaked key recognisable, not a secret)
# A token's last use is written at most this often, so reading the API does not write a row a request.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.MANDATE_TOKEN_DAYS)


def _may_manage(actor: User) -> bool:
    return permissions.can_manage_people(actor=actor)


# --- API tokens --------------------------------------------------------------------------------


@transaction.atomic
def api_token_issue(
    *, actor: User, name: str, days: int | None = None, second_factor: bool = False
) -> tuple[ApiToken, str]:
    """A new token for the actor himself; the key is returned once and only its hash is kept.
    ``second_factor``: asked for in a session that gave its second factor (or with such a token),
    the only tokens that open the API for an account that needs one (ADR 0034)."""
    name = name.strip()
    if not name:
        raise ApplicationError(_("Give the token a name."), fields={"name": [_("Required.")]})
    limit = settings.MANDATE_TOKEN_DAYS
    if days is not None and not 1 <= days <= limit:
        raise ApplicationError(
            _("A token lives from 1 to %(days)s days.") % {"days": limit},
            fields={"days": [_("From 1 to %(days)s.") % {"days": limit}]},
        )
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name[:100],
        key_hash=key_hash(key),
        prefix=key[:12],
        generation=actor.credential_generation,
        password_marker=actor.password_marker(),
        expires_at=timezone.now() + dt.timedelta(days=days or limit),
        second_factor=second_factor,
    )
    after = {"name": token.name, "prefix": token.prefix, "expires_at": token.expires_at}
    if second_factor:
        after["second_factor"] = True
    audit.record(actor=actor, action="people.token_issue", target=token, after=after)
    return token, key


def api_token_is_live(token: ApiToken) -> tuple[bool, str]:
    """Whether the token still opens the API, and if not why (``revoked``, ``inactive``, ``expired``)."""
    user = token.user
    if token.revoked_at is not None or token.generation != user.credential_generation:
        return False, "revoked"
    if not secrets.compare_digest(token.password_marker, user.password_marker()):
        return False, "revoked"
    if not token.user.is_active:
        return False, "inactive"
    if token.expires_at <= timezone.now():
        return False, "expired"
    return True, ""


def api_token_authenticate(*, key: str) -> tuple[ApiToken | None, str]:
    """The live token of this key, or ``None`` and why not (``unknown``, ``expired``, ``revoked``,
    ``inactive``, ``second_factor``: the account needs a second factor and the token was not
    issued after one). A read, except that it notes the token's last use (at most once a minute)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
    if token is None:
        return None, "unknown"
    live, why = api_token_is_live(token)
    if not live:
        return None, why
    if not token.second_factor and requires_second_factor(token.user):
        return None, "second_factor"
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token, ""


def api_token_list_visible(*, actor: User, user_id: int | None = None) -> QuerySet[ApiToken]:
    """The actor's own tokens; an administrator may read anyone's (``user_id``)."""
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    if user_id is not None and user_id != actor.pk:
        if not _may_manage(actor):
            return tokens.none()
        return tokens.filter(user_id=user_id)
    return tokens.filter(user=actor)


def api_token_get_visible(*, actor: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None or (token.user_id != actor.pk and not _may_manage(actor)):
        raise NotFoundError()
    return token


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken, reason: str = "") -> ApiToken:
    """The owner or an administrator switches one token off for good."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != actor.pk and not _may_manage(actor):
        raise PermissionDeniedError(_("Only the token's owner or an administrator may revoke it."))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.revoke_reason = (reason or _("Revoked by hand.")).strip()[:200]
    token.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit.record(
        actor=actor,
        action="people.token_revoke",
        target=token,
        after={"name": token.name, "prefix": token.prefix, "reason": token.revoke_reason},
    )
    return token


def _revoke_all(*, actor: User | None, user: User, reason: str) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor, revoke_reason=reason[:200]
    )


# --- sessions and the account's credentials as a whole ------------------------------------------


def _bump_generation(user: User) -> None:
    User.objects.filter(pk=user.pk).update(credential_generation=F("credential_generation") + 1)
    user.refresh_from_db(fields=["credential_generation"])


@transaction.atomic
def credentials_revoke_all(*, actor: User, user: User, reason: str = "") -> User:
    """Every session and token of the account dies (an administrator, or the user himself:
    "sign out everywhere")."""
    if user.pk != actor.pk and not _may_manage(actor):
        raise PermissionDeniedError(_("Only an administrator may sign another account out."))
    reason = reason or _("Signed out everywhere.")
    count = _revoke_all(actor=actor, user=user, reason=reason)
    _bump_generation(user)
    audit.record(
        actor=actor,
        action="people.credentials_revoke",
        target=user,
        after={"tokens_revoked": count, "generation": user.credential_generation, "reason": reason},
    )
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, is_active: bool) -> User:
    """Switching an account off kills its sessions and tokens; switching it on brings none back."""
    if not _may_manage(actor):
        raise PermissionDeniedError(_("Only an administrator may manage accounts and positions."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == is_active:
        return user
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    count = 0
    if not is_active:
        count = _revoke_all(actor=actor, user=user, reason=_("The account was switched off."))
        _bump_generation(user)
    audit.record(
        actor=actor,
        action="people.user_set_active",
        target=user,
        before={"is_active": not is_active},
        after={"is_active": is_active, "tokens_revoked": count},
    )
    return user


@transaction.atomic
def user_set_password(*, actor: User, user: User, password: str | None) -> User:
    """A new password (``None``: no usable password) kills every session and token of the account.
    The caller keeps its own session alive with ``update_session_auth_hash`` if it wants to."""
    if user.pk != actor.pk and not _may_manage(actor):
        raise PermissionDeniedError(_("Only an administrator may manage accounts and positions."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    return password_changed_record(actor=actor, user=user)


@transaction.atomic
def password_changed_record(*, actor: User, user: User) -> User:
    """After a password was changed (by ``user_set_password`` or Django's own password form in
    the admin site): the account's tokens and other sessions die, and the change is audited."""
    count = _revoke_all(actor=actor, user=user, reason=_("The password was changed."))
    _bump_generation(user)
    audit.record(actor=actor, action="people.password_change", target=user, after={"tokens_revoked": count})
    return user


# --- the sign-in lock --------------------------------------------------------------------------


def _attempts_of(username: str) -> QuerySet[AccessAttempt]:
    attempts: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(username=username)
    return attempts


def _clear_lock(username: str) -> int:
    deleted, _by_model = _attempts_of(username).delete()
    return deleted


@transaction.atomic
def sign_in_unlock_request(*, username: str, client_ip: str, next_url: str = "") -> None:
    """Send a one-time unlock link to the account's e-mail address, if it has one.

    The answer is the same whether the user name exists or not, so the form tells an attacker
    nothing. At most one live link at a time: a colleague cannot flood the owner's mailbox.
    """
    now = timezone.now()
    key = secrets.token_urlsafe(32)
    user = User.objects.filter(username=username, is_active=True).exclude(email="").first()
    if user is None:
        return
    if SignInUnlock.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).exists():
        return
    lifetime = dt.timedelta(minutes=settings.MANDATE_UNLOCK_LINK_MINUTES)
    SignInUnlock.objects.create(
        user=user, key_hash=key_hash(key), expires_at=now + lifetime, requested_from=client_ip[:64]
    )
    link = f"{settings.MANDATE_BASE_URL.rstrip('/')}/accounts/unlock/{key}/"
    audit.record(actor=None, action="people.unlock_request", target=user, after={"from": client_ip})
    subject = _("Mandate: unlock your sign-in")
    body = _(
        "Someone (perhaps you) was refused sign-in as “%(username)s” too many times, so signing in "
        "under this name is locked for a while. If it was you, open this link within %(minutes)s "
        "minutes to lift the lock, then sign in with your password:\n\n%(link)s\n\n"
        "The link works once and signs nobody in. If you did not ask for it, tell your administrator."
    ) % {"username": user.username, "minutes": settings.MANDATE_UNLOCK_LINK_MINUTES, "link": link}
    try:
        send_mail(str(subject), str(body), settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:  # the answer must not differ: the failure is for the operators' log
        logger.exception("The unlock link for account %s could not be sent.", user.pk)


def sign_in_unlock_get(*, key: str) -> SignInUnlock:
    """The live unlock link of this key, or 404."""
    unlock = SignInUnlock.objects.select_related("user").filter(key_hash=key_hash(key)).first()
    if unlock is None or unlock.used_at is not None or unlock.expires_at <= timezone.now():
        raise NotFoundError(_("This link is not valid any more. Ask for a new one."))
    return unlock


@transaction.atomic
def sign_in_unlock_use(*, key: str) -> User:
    """Lift the lock on the link's user name (every address). Signs nobody in."""
    unlock = sign_in_unlock_get(key=key)
    unlock = SignInUnlock.objects.select_for_update().get(pk=unlock.pk)
    if unlock.used_at is not None:
        raise NotFoundError(_("This link is not valid any more. Ask for a new one."))
    unlock.used_at = timezone.now()
    unlock.save(update_fields=["used_at"])
    user = unlock.user
    cleared = _clear_lock(user.username)
    audit.record(actor=user, action="people.unlock", target=user, after={"by": "link", "cleared": cleared})
    return user


@transaction.atomic
def sign_in_unlock(*, actor: User, user: User) -> User:
    """An administrator lifts the sign-in lock on an account (every address)."""
    if not _may_manage(actor):
        raise PermissionDeniedError(_("Only an administrator may manage accounts and positions."))
    cleared = _clear_lock(user.username)
    audit.record(
        actor=actor, action="people.unlock", target=user, after={"by": "administrator", "cleared": cleared}
    )
    return user


def sign_in_failure_record(request: HttpRequest, *, username: str) -> bool:
    """A wrong second-factor code counts against the sign-in lock like a wrong password: the same
    signal Django sends for a refused password, which django-axes counts (and the security log
    writes). Returns whether the name is now locked from this address."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def sign_in_failures_clear(*, username: str, client_ip: str) -> int:
    """The sign-in is complete (the password, and the code when the account needs one): the
    failures counted against this name from this address are forgotten. Django's own login()
    does not clear them (``AXES_RESET_ON_SUCCESS`` is off), so that a right password alone never
    wipes the wrong codes of an account with a second factor (ADR 0034)."""
    deleted, _by_model = _attempts_of(username).filter(ip_address=client_ip or None).delete()
    return deleted


def sign_in_failures(*, username: str, client_ip: str) -> tuple[int, dt.datetime | None]:
    """How many failed sign-ins count against this user name from this address, and when the
    lock they make (if any) ends. The same for a user name that does not exist."""
    attempts = _attempts_of(username).filter(ip_address=client_ip or None)
    failures = sum(a.failures_since_start for a in attempts)
    if failures < settings.AXES_FAILURE_LIMIT:
        return failures, None
    last = max(a.attempt_time for a in attempts)
    return failures, last + dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
