"""Who must sign in with a second factor (``people.second_factor.requires_second_factor``), and the
services behind the pages: enrolment, the code, backup codes, the administrator's reset, the
demo's fixed secret (ADR 0034)."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mandate.core import audit
from mandate.core.exceptions import ApplicationError, InvalidStateError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.people import credentials, second_factor, services
from mandate.people import second_factor_services as sf
from mandate.people.models import ApiToken, User
from mandate.people.tests.factories import AccountFactory, totp_code, wrong_code

DEMO_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def inspector(cast):
    return AccountFactory.create(
        username="kiem",
        position={"unit": cast.city_party, "title": "Ủy viên Ủy ban Kiểm tra", "role": "inspector"},
    )


def _auditor(username="audit"):
    user = AccountFactory.create(username=username)
    group, _created = Group.objects.get_or_create(name="auditors")
    group.permissions.add(Permission.objects.get(codename="view_accesslogentry"))
    user.groups.add(group)
    User.objects.filter(pk=user.pk).update(is_staff=True)
    return User.objects.get(pk=user.pk)


def test_ordinary_officials_sign_in_with_their_password_alone(cast):
    assert [
        u
        for u in (cast.dung, cast.oanh, cast.van, cast.vera, cast.olga)
        if second_factor.requires_second_factor(u)
    ] == []


def test_superusers_inspectors_auditors_and_marked_accounts_need_a_second_factor(cast, inspector):
    User.objects.filter(pk=cast.tin.pk).update(second_factor_required=True)

    assert second_factor.requires_second_factor(cast.ad)
    assert second_factor.requires_second_factor(inspector)
    assert second_factor.requires_second_factor(_auditor())
    assert second_factor.requires_second_factor(User.objects.get(pk=cast.tin.pk))


def test_an_inspector_whose_position_ended_no_longer_needs_one(cast, inspector):
    position = inspector.person.positions.get()
    services.position_end(actor=None, position=position, last_day=dt.date(2021, 1, 1))

    assert not second_factor.requires_second_factor(User.objects.get(pk=inspector.pk))


def test_the_view_permission_without_staff_makes_no_auditor(cast):
    user = _auditor("halfway")
    User.objects.filter(pk=user.pk).update(is_staff=False)

    assert not second_factor.requires_second_factor(User.objects.get(pk=user.pk))


def test_a_later_app_declares_its_readers_with_a_rule(cast):
    second_factor.register_rule("test.handlers", lambda user: user.username == "oanh")
    try:
        assert second_factor.requires_second_factor(cast.oanh)
        assert not second_factor.requires_second_factor(cast.dung)
    finally:
        second_factor.unregister_rule("test.handlers")
    assert not second_factor.requires_second_factor(cast.oanh)


def test_enrolment_needs_the_code_of_the_secret_shown_and_gives_ten_backup_codes(cast, inspector):
    key = sf.new_secret()

    with pytest.raises(ApplicationError) as wrong:
        sf.second_factor_enrol(actor=inspector, key_hex=key, code=wrong_code(key))
    assert "code" in wrong.value.fields
    assert not sf.is_enrolled(inspector)

    device, codes = sf.second_factor_enrol(actor=inspector, key_hex=key, code=totp_code(key))

    assert device.confirmed and device.key == key
    assert len(codes) == 10 == len(set(codes)) == sf.backup_codes_left(inspector)
    entry = AuditEntry.objects.filter(action="people.second_factor_enrol").get()
    assert entry.after == {"backup_codes": 10}
    assert key not in str(entry.after) and sf.secret_base32(key) not in str(entry.after)
    with pytest.raises(InvalidStateError):
        sf.second_factor_enrol(actor=inspector, key_hex=sf.new_secret(), code="123456")


def test_an_account_that_needs_none_cannot_enrol(cast):
    key = sf.new_secret()
    with pytest.raises(PermissionDeniedError):
        sf.second_factor_enrol(actor=cast.dung, key_hex=key, code=totp_code(key))
    assert not TOTPDevice.objects.exists()


def test_a_code_is_accepted_once_and_a_backup_code_once(cast, inspector):
    key = sf.new_secret()
    _device, codes = sf.second_factor_enrol(actor=inspector, key_hex=key, code=totp_code(key))
    later = totp_code(key, steps_ahead=1)

    first = sf.second_factor_verify(user=inspector, code=later)
    again = sf.second_factor_verify(user=inspector, code=later)  # the same code, replayed
    backup = sf.second_factor_verify(user=inspector, code=codes[0].upper()[:4] + "-" + codes[0][4:])
    backup_again = sf.second_factor_verify(user=inspector, code=codes[0])

    assert (first.ok, first.method) == (True, "totp")
    assert not again.ok
    assert (backup.ok, backup.method, backup.backup_codes_left) == (True, "backup_code", 9)
    assert not backup_again.ok
    methods = list(
        AuditEntry.objects.filter(action="people.second_factor_verify").values_list("after", flat=True)
    )
    assert methods == [
        {"method": "totp", "backup_codes_left": 10},
        {"method": "backup_code", "backup_codes_left": 9},
    ]


def test_after_a_wrong_code_the_device_makes_the_next_wait(cast, inspector, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 10
    key = sf.new_secret()
    sf.second_factor_enrol(actor=inspector, key_hex=key, code=totp_code(key))

    wrong = sf.second_factor_verify(user=inspector, code=wrong_code(key))
    right_too_soon = sf.second_factor_verify(user=inspector, code=totp_code(key, steps_ahead=1))

    assert (wrong.ok, wrong.wait_seconds) == (False, 0)
    assert not right_too_soon.ok
    assert 1 <= right_too_soon.wait_seconds <= 10


def test_new_backup_codes_replace_the_old_ones(cast, inspector):
    key = sf.new_secret()
    _device, old = sf.second_factor_enrol(actor=inspector, key_hex=key, code=totp_code(key))

    new = sf.backup_codes_renew(actor=inspector)

    assert set(new).isdisjoint(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert AuditEntry.objects.filter(action="people.second_factor_backup_codes").count() == 1


def test_an_administrator_resets_a_lost_phone_and_every_session_and_token_dies(cast, inspector):
    key = sf.new_secret()
    sf.second_factor_enrol(actor=inspector, key_hex=key, code=totp_code(key))
    token, _key = credentials.api_token_issue(actor=inspector, name="X", second_factor=True)
    generation = inspector.credential_generation

    sf.second_factor_reset(actor=cast.ad, user=inspector, reason="Mất điện thoại")

    assert not sf.is_enrolled(inspector)
    assert not StaticToken.objects.filter(device__user=inspector).exists()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert User.objects.get(pk=inspector.pk).credential_generation == generation + 1
    entry = AuditEntry.objects.filter(action="people.second_factor_reset").get()
    assert entry.actor_label == "ad" and entry.target_id == str(inspector.pk)
    assert entry.after == {"devices_removed": 2, "reason": "Mất điện thoại"}
    assert audit.verify().ok


def test_only_administrators_reset_and_only_a_superuser_resets_a_superuser(cast, inspector):
    administrator = AccountFactory.create(
        username="quantri", position={"unit": cast.city, "title": "Quản trị", "role": "administrator"}
    )
    administrator = User.objects.get(pk=administrator.pk)
    before = AuditEntry.objects.count()

    with pytest.raises(PermissionDeniedError):
        sf.second_factor_reset(actor=cast.dung, user=inspector)
    with pytest.raises(PermissionDeniedError):
        sf.second_factor_reset(actor=administrator, user=cast.ad)
    assert AuditEntry.objects.count() == before
    sf.second_factor_reset(actor=administrator, user=inspector)
    assert AuditEntry.objects.filter(action="people.second_factor_reset").count() == 1


def test_the_demo_enrols_its_inspector_with_a_printed_secret(cast, inspector):
    device = sf.totp_enrol_fixed(user=inspector, secret_base32=DEMO_SECRET)

    assert device.key == base64.b32decode(DEMO_SECRET).hex()
    check = sf.second_factor_verify(user=inspector, code=totp_code(device.key))
    assert check.ok
    assert AuditEntry.objects.filter(action="people.second_factor_enrol", after__fixed_secret=True).exists()


def test_the_printed_secret_is_refused_in_production(cast, inspector, settings):
    settings.MANDATE_ENV = "production"

    with pytest.raises(PermissionDeniedError):
        sf.totp_enrol_fixed(user=inspector, secret_base32=DEMO_SECRET)
    assert not TOTPDevice.objects.exists()


@pytest.mark.parametrize("secret", ["not base32!", "JBSWY3DP"])
def test_a_fixed_secret_that_is_not_base32_or_too_short_is_refused(cast, inspector, secret):
    with pytest.raises(ApplicationError):
        sf.totp_enrol_fixed(user=inspector, secret_base32=secret)
