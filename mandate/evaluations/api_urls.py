"""The evaluations' API routes under /api/v1/evaluations/… (issue 14, item 7)."""

from django.urls import URLPattern, URLResolver, path

from mandate.evaluations import api_proposals, api_rotation

urlpatterns: list[URLPattern | URLResolver] = []

# Rotation, replacement and commendation (items 5 and 6; ADR 0049).
urlpatterns += [
    path("evaluations/rotation/", api_rotation.RotationListApi.as_view(), name="api-evaluation-rotation"),
    path("evaluations/proposals/", api_proposals.ProposalListApi.as_view(), name="api-evaluation-proposals"),
    path(
        "evaluations/proposals/<int:proposal_id>/",
        api_proposals.ProposalDetailApi.as_view(),
        name="api-evaluation-proposal",
    ),
    path(
        "evaluations/proposals/<int:proposal_id>/decide/",
        api_proposals.ProposalDecideApi.as_view(),
        name="api-evaluation-proposal-decide",
    ),
]
