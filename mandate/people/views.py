from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mandate.people import services
from mandate.people.enums import Language
from mandate.people.forms import SignInForm
from mandate.people.second_factor import requires_second_factor
from mandate.people.second_factor_services import is_enrolled
from mandate.people.views_credentials import lock_notice


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    """Django's sign-in page; a successful sign-in is recorded in the audit trail."""

    template_name = "registration/login.html"
    authentication_form = SignInForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        """Signed in with the password. An account that needs a second factor is only half signed
        in (``people.middleware.SecondFactorMiddleware``): it goes on to its code, or to setting
        one up, and the failures counted against its name stay until the code is right (the
        others' are cleared on login, ``people.apps``)."""
        response = super().form_valid(form)
        user = form.get_user()
        if not requires_second_factor(user):
            services.sign_in_record(user=user, channel="page")
            return response
        services.sign_in_record(user=user, channel="page", second_factor_next=True)
        step = "second_factor_verify" if is_enrolled(user) else "second_factor_enrol"
        return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': self.get_success_url()})}")

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        """After a failure the page says how many tries are left (or when the lock ends)."""
        notice, _ends_at = lock_notice(self.request, str(form.data.get("username", ""))[:150])
        return self.render_to_response(self.get_context_data(form=form, lock_notice=notice))


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in user's choice is remembered on his account."""
    language = request.POST.get("language", "")
    if language not in (Language.VI, Language.EN):
        language = "vi"
    if request.user.is_authenticated:
        services.user_set_language(actor=request.user, language=language)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    translation.activate(language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite="Lax",
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


def locked_out(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """What a throttled sign-in gets: the API's error shape, or the page, both with 429. The page
    says when the lock ends and offers the one-time unlock link by e-mail. (django-axes calls it
    with the request, its own response and the credentials tried.)"""
    tried = getattr(request, "axes_credentials", None) or {}
    username = str(request.POST.get("username", "") or tried.get("username", ""))[:150]
    return locked_out_page(request, username)


def locked_out_page(request: HttpRequest, username: str) -> HttpResponse:
    message = _("Too many failed sign-ins. Wait 15 minutes and try again.")
    notice, ends_at = lock_notice(request, username)
    retry = 900 if ends_at is None else max(1, int((ends_at - timezone.now()).total_seconds()))
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"code": "throttled", "message": str(message), "fields": {}}, status=429
        )
    else:
        context = {"lock_notice": notice, "username": username}
        response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(retry)
    return response
