from django.urls import path

from mandate.inspections import api

urlpatterns = [
    path("inspections/catalogues/", api.CatalogueListApi.as_view(), name="api-inspection-catalogues"),
    path(
        "inspections/catalogues/<int:catalogue_id>/",
        api.CatalogueDetailApi.as_view(),
        name="api-inspection-catalogue",
    ),
    path(
        "inspections/catalogue-loads/", api.CatalogueLoadApi.as_view(), name="api-inspection-catalogue-load"
    ),
    path(
        "inspections/discipline-forms/",
        api.DisciplineFormListApi.as_view(),
        name="api-inspection-discipline-forms",
    ),
    path(
        "inspections/discipline-forms/check/",
        api.DisciplineFormCheckApi.as_view(),
        name="api-inspection-discipline-form-check",
    ),
    path(
        "inspections/deferral-reasons/",
        api.DeferralReasonListApi.as_view(),
        name="api-inspection-deferral-reasons",
    ),
]
