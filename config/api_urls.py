from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from mandate.core.api_docs import ApiDocsView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("mandate.people.api_urls")),
    path("", include("mandate.documents.api_urls")),
    path("", include("mandate.notifications.api_urls")),
    path("", include("mandate.tasks.api_urls")),
    path("", include("mandate.inspections.api_urls")),
    path("", include("mandate.indicators.api_urls")),
    path("", include("mandate.evaluations.api_urls")),
    path("", include("mandate.reports.api_urls")),
    path("", include("mandate.core.api_urls")),
]
