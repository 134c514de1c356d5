"""The evaluation pages (issue 14, item 7); each area adds its routes here (ADR 0048)."""

from django.urls import URLPattern, URLResolver

app_name = "evaluations"
urlpatterns: list[URLPattern | URLResolver] = []

# --- signals (issue 14 items 1 and 7; docs/adr/0049) ---
from django.urls import path  # noqa: E402

from mandate.evaluations.views import signals as signals_views  # noqa: E402

urlpatterns += [
    path("signals/", signals_views.signals_home, name="signals"),
    path("signals/units/<int:unit_id>/", signals_views.signals_board, name="signals-board"),
    path(
        "signals/units/<int:unit_id>/records/<slug:code>/",
        signals_views.signals_records,
        name="signals-records",
    ),
    path("signals/people/<int:person_id>/", signals_views.signals_person, name="signals-person"),
]
