"""The evaluations' API routes under /api/v1/evaluations/… (issue 14, item 7)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []

# --- signals (issue 14 items 1 and 7; docs/adr/0049) ---
from django.urls import path  # noqa: E402

from mandate.evaluations import api_signals  # noqa: E402

urlpatterns += [
    path(
        "evaluations/signals/units/<int:unit_id>/",
        api_signals.BoardApi.as_view(),
        name="api-evaluation-signal-board",
    ),
    path(
        "evaluations/signals/units/<int:unit_id>/records/<slug:code>/",
        api_signals.RecordsApi.as_view(),
        name="api-evaluation-signal-records",
    ),
    path(
        "evaluations/signals/people/<int:person_id>/",
        api_signals.PersonApi.as_view(),
        name="api-evaluation-signal-person",
    ),
]
