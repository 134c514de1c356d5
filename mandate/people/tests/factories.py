from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from mandate.people import services
from mandate.people.models import User

TEST_PASSWORD = "mandate-test-password"


class AccountFactory(factory.Factory[User]):
    """An account, its person and (optionally) a position, through the services that audit them.

    ``position`` is the keyword arguments of ``position_assign`` without ``person``.
    """

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    is_superuser = False
    position = None

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        user = services.user_create(
            actor=None,
            username=kwargs["username"],
            password=TEST_PASSWORD,
            is_superuser=kwargs["is_superuser"],
        )
        person = services.person_create(actor=None, full_name=kwargs["full_name"], user=user)
        if kwargs["position"]:
            services.position_assign(
                actor=None, person=person, **{"valid_from": dt.date(2020, 1, 1), **kwargs["position"]}
            )
        return user


def totp_code(key_hex: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for this secret now (or ``steps_ahead`` 30-second
    steps later), as a person would type it."""
    import binascii
    import time

    from django_otp.oath import TOTP

    totp = TOTP(binascii.unhexlify(key_hex))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def wrong_code(key_hex: str) -> str:
    """Six digits that are none of the codes the secret makes around now (so surely wrong)."""
    near = {totp_code(key_hex, steps_ahead=n) for n in range(-2, 3)}
    return next(code for code in (f"{n:06d}" for n in range(123456, 1_000_000, 111_111)) if code not in near)
