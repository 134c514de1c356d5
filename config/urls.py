"""Every route of the application.

Pages need a signed-in user unless their view is marked ``login_not_required``; API views need
one unless they allow ``AllowAny``. Those public routes are an explicit allow-list, checked by
the permission matrix (tests/route_policy.py), which fails on any route it does not know.
"""

from django.contrib import admin
from django.urls import include, path

from mandate.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("mandate.people.urls")),
    path("", include("mandate.tasks.urls")),
    path("documents/", include("mandate.documents.urls")),
    path("organisations/", include("mandate.organisations.urls")),
    path("indicators/", include("mandate.indicators.urls")),
    path("inspections/", include("mandate.inspections.urls")),
    path("evaluations/", include("mandate.evaluations.urls")),
    path("reports/", include("mandate.reports.urls")),
    path("notifications/", include("mandate.notifications.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
]

handler400 = "mandate.core.views.bad_request"
handler404 = "mandate.core.views.not_found"
handler500 = "mandate.core.views.server_error"
