from django.contrib.auth import views as auth_views
from django.urls import path

from mandate.people import views, views_credentials

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="set_language"),
    path("credentials/", views_credentials.credentials_page, name="credentials"),
    path(
        "credentials/tokens/<int:token_id>/revoke/",
        views_credentials.token_revoke,
        name="credentials_token_revoke",
    ),
    path("credentials/sign-out-elsewhere/", views_credentials.sign_out_elsewhere, name="sign_out_elsewhere"),
    path("unlock/", views_credentials.unlock_request, name="unlock_request"),
    path("unlock/<str:key>/", views_credentials.unlock, name="unlock"),
]
