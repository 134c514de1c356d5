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
