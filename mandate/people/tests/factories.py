from __future__ import annotations

import factory

from mandate.people.models import Person, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("mandate-test-password")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Faker("name", locale="vi_VN")
    user = factory.SubFactory(UserFactory)
