"""The evaluations' API routes under /api/v1/evaluations/… (issue 14, item 7)."""

from django.urls import URLPattern, URLResolver, path

urlpatterns: list[URLPattern | URLResolver] = []

# The annual classification (issue 14 item 3; ADR 0049).
from mandate.evaluations import api_annual  # noqa: E402

urlpatterns += [
    path(
        "evaluations/annual/rule-sets/",
        api_annual.RuleSetListApi.as_view(),
        name="api-evaluations-annual-rule-sets",
    ),
    path("evaluations/annual/", api_annual.ClassificationListApi.as_view(), name="api-evaluations-annual"),
    path(
        "evaluations/annual/<int:classification_id>/",
        api_annual.ClassificationDetailApi.as_view(),
        name="api-evaluations-annual-detail",
    ),
    path(
        "evaluations/annual/<int:classification_id>/decide/",
        api_annual.ClassificationDecideApi.as_view(),
        name="api-evaluations-annual-decide",
    ),
]
