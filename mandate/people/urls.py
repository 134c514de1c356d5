from django.contrib.auth import views as auth_views
from django.urls import path

from mandate.people import views, views_credentials, views_second_factor
from mandate.people.middleware import second_factor_exempt

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    # A half-signed-in session may always sign out (ADR 0034).
    path("logout/", second_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("language/", views.set_language, name="set_language"),
    path("credentials/", views_credentials.credentials_page, name="credentials"),
    path(
        "credentials/tokens/<int:token_id>/revoke/",
        views_credentials.token_revoke,
        name="credentials_token_revoke",
    ),
    path("credentials/sign-out-elsewhere/", views_credentials.sign_out_elsewhere, name="sign_out_elsewhere"),
    path("second-factor/", views_second_factor.verify, name="second_factor_verify"),
    path("second-factor/enrol/", views_second_factor.enrol, name="second_factor_enrol"),
    path(
        "second-factor/backup-codes/",
        views_second_factor.backup_codes,
        name="second_factor_backup_codes",
    ),
    path("unlock/", views_credentials.unlock_request, name="unlock_request"),
    path("unlock/<str:key>/", views_credentials.unlock, name="unlock"),
]
