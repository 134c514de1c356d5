"""The evaluation pages (issue 14, item 7); each area adds its routes here (ADR 0048)."""

from django.urls import URLPattern, URLResolver, path

app_name = "evaluations"
urlpatterns: list[URLPattern | URLResolver] = []

# The annual classification (issue 14 item 3; ADR 0049).
from mandate.evaluations.views import annual as annual_views  # noqa: E402

urlpatterns += [
    path("annual/<int:unit_id>/<int:year>/", annual_views.annual_sheet, name="annual-sheet"),
    path("annual/classification/<int:classification_id>/", annual_views.annual_detail, name="annual-detail"),
]
