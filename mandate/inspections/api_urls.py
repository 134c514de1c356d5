from django.urls import path

from mandate.inspections import api, api_statistics

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

# The statistics (docs/adr/0043): the body and the period come in the query.
urlpatterns += [
    path(
        "inspections/statistics/",
        api_statistics.StatisticsApi.as_view(),
        name="api-inspection-statistics",
    ),
    path(
        "inspections/statistics/records/",
        api_statistics.StatisticsRecordsApi.as_view(),
        name="api-inspection-statistics-records",
    ),
    path(
        "inspections/statistics/export/",
        api_statistics.StatisticsExportApi.as_view(),
        name="api-inspection-statistics-export",
    ),
]
