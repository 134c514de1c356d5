from django.urls import path

from mandate.people import api, api_tokens

urlpatterns = [
    path("auth/token/", api.TokenObtainApi.as_view(), name="api-token"),
    path("auth/tokens/", api_tokens.TokenListCreateApi.as_view(), name="api-tokens"),
    path("auth/tokens/<int:token_id>/revoke/", api_tokens.TokenRevokeApi.as_view(), name="api-token-revoke"),
    path("me/", api.MeApi.as_view(), name="api-me"),
    path("organisations/", api.UnitListCreateApi.as_view(), name="api-units"),
    path("organisations/merge/", api.UnitMergeApi.as_view(), name="api-unit-merge"),
    path("organisations/<int:unit_id>/", api.UnitDetailApi.as_view(), name="api-unit"),
    path("organisations/<int:unit_id>/lineage/", api.UnitLineageApi.as_view(), name="api-unit-lineage"),
    path("organisations/<int:unit_id>/retire/", api.UnitRetireApi.as_view(), name="api-unit-retire"),
    path("people/", api.PersonListApi.as_view(), name="api-people"),
    path("people/<int:person_id>/", api.PersonDetailApi.as_view(), name="api-person"),
    path("positions/", api.PositionListApi.as_view(), name="api-positions"),
]
