"""The production configuration passes Django's deployment checks, and what a signed-in user sees
is never kept by a cache (issue 9 §4; quality document T5).

``check --deploy`` runs in a subprocess on the real settings module, read from the environment
the way a deployment sets it (README "Configuration"), not on overridden test settings.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.documents import services as document_services

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n%%EOF\n"


def production_environment(var_dir: Path) -> dict[str, str]:
    """The variables README lists for an HTTPS deployment."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "mandate.example.gov.vn",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://mandate.example.gov.vn",
        "MANDATE_SECURE_COOKIES": "1",
        "MANDATE_SSL_REDIRECT": "1",
        "MANDATE_HSTS_SECONDS": "31536000",
        "MANDATE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "MANDATE_HSTS_PRELOAD": "1",
        "MANDATE_VAR_DIR": str(var_dir),
    }


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_with_the_production_variables_gives_no_warning(tmp_path):
    result = _manage(production_environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_the_https_variables_check_deploy_does_warn(tmp_path):
    env = production_environment(tmp_path)
    for name in ("MANDATE_HSTS_INCLUDE_SUBDOMAINS", "MANDATE_HSTS_PRELOAD", "MANDATE_SECURE_COOKIES"):
        del env[name]

    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    for warning in ("security.W005", "security.W021", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_the_language_cookie_is_secure_when_the_session_cookie_is(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY)"
    )
    result = _manage(production_environment(tmp_path), "shell", "-c", code)

    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "True", "True"], result.stderr


def test_the_language_cookie_is_set_with_the_configured_flags(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.post("/accounts/language/", {"language": "en"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")


def _private(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives


def test_signed_in_pages_are_private_and_not_stored(cast, client):
    client.force_login(cast.dung)
    for path in ("/", "/documents/", "/accounts/credentials/"):
        response = client.get(path)
        assert response.status_code == 200
        assert _private(response), path


def test_api_answers_are_private_not_stored_and_vary_by_authorization(cast, api):
    for response in (api(cast.dung).get("/api/v1/me/"), api(None).get("/api/v1/documents/")):
        assert _private(response)
        assert "Authorization" in response["Vary"]


@pytest.mark.parametrize("route", ["page", "api"])
def test_file_downloads_are_private_and_not_stored(cast, api, make_document, route):
    plan = make_document("47-KH/ĐU", cast.culture_party)
    attachment = document_services.attachment_add(
        actor=None, document=plan, upload=SimpleUploadedFile("ke-hoach.pdf", PDF)
    )
    url = (
        f"/documents/{plan.pk}/attachments/{attachment.pk}/"
        if route == "page"
        else f"/api/v1/documents/{plan.pk}/attachments/{attachment.pk}/"
    )

    response = api(cast.dung).get(url)

    assert response.status_code == 200
    assert _private(response)
    assert "max-age" not in response["Cache-Control"]
