from django.urls import path

from mandate.inspections import api, api_records, api_sensitive, api_statistics

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

# Inspecting bodies, plans and inspections (docs/adr/0041).
urlpatterns += [
    path("inspections/bodies/", api_records.BodyListApi.as_view(), name="api-inspection-bodies"),
    path("inspections/plans/", api_records.PlanListCreateApi.as_view(), name="api-inspection-plans"),
    path("inspections/plans/<int:plan_id>/", api_records.PlanDetailApi.as_view(), name="api-inspection-plan"),
    path(
        "inspections/plans/<int:plan_id>/lines/",
        api_records.PlanLineApi.as_view(),
        name="api-inspection-plan-lines",
    ),
    path(
        "inspections/plans/<int:plan_id>/withdraw/",
        api_records.PlanWithdrawApi.as_view(),
        name="api-inspection-plan-withdraw",
    ),
    path(
        "inspections/inspections/",
        api_records.InspectionListCreateApi.as_view(),
        name="api-inspection-inspections",
    ),
    path(
        "inspections/inspections/<int:inspection_id>/",
        api_records.InspectionDetailApi.as_view(),
        name="api-inspection-inspection",
    ),
    path(
        "inspections/inspections/<int:inspection_id>/moves/",
        api_records.InspectionMoveApi.as_view(),
        name="api-inspection-move",
    ),
    path(
        "inspections/inspections/<int:inspection_id>/team/",
        api_records.TeamMemberAddApi.as_view(),
        name="api-inspection-team",
    ),
    path(
        "inspections/inspections/<int:inspection_id>/team/<int:member_id>/leave/",
        api_records.TeamMemberLeaveApi.as_view(),
        name="api-inspection-team-leave",
    ),
    path(
        "inspections/inspections/<int:inspection_id>/subjects/",
        api_records.SubjectAddApi.as_view(),
        name="api-inspection-subjects",
    ),
    path(
        "inspections/inspections/<int:inspection_id>/subjects/<int:subject_id>/withdraw/",
        api_records.SubjectWithdrawApi.as_view(),
        name="api-inspection-subject-withdraw",
    ),
]

# Findings, conclusions and discipline decisions (ADR 0042): every read through
# selectors_sensitive (404 for whoever may not read; the access log for records about a person).
urlpatterns += [
    path(
        "inspections/<int:inspection_id>/findings/",
        api_sensitive.FindingListApi.as_view(),
        name="api-inspection-findings",
    ),
    path(
        "inspections/findings/<int:finding_id>/",
        api_sensitive.FindingDetailApi.as_view(),
        name="api-inspection-finding",
    ),
    path(
        "inspections/findings/<int:finding_id>/withdraw/",
        api_sensitive.FindingWithdrawApi.as_view(),
        name="api-inspection-finding-withdraw",
    ),
    path(
        "inspections/findings/<int:finding_id>/evidence/",
        api_sensitive.FindingEvidenceApi.as_view(),
        name="api-inspection-finding-evidence-upload",
    ),
    path(
        "inspections/findings/<int:finding_id>/evidence/<int:evidence_id>/",
        api_sensitive.FindingEvidenceDownloadApi.as_view(),
        name="api-inspection-finding-evidence",
    ),
    path(
        "inspections/<int:inspection_id>/conclusions/",
        api_sensitive.ConclusionListApi.as_view(),
        name="api-inspection-conclusions",
    ),
    path(
        "inspections/subjects/<int:subject_id>/conclusion/",
        api_sensitive.ConclusionApi.as_view(),
        name="api-inspection-conclusion",
    ),
    path(
        "inspections/discipline/",
        api_sensitive.DecisionListApi.as_view(),
        name="api-inspection-discipline-decisions",
    ),
    path(
        "inspections/discipline/<int:decision_id>/",
        api_sensitive.DecisionDetailApi.as_view(),
        name="api-inspection-discipline-decision",
    ),
    path(
        "inspections/discipline/<int:decision_id>/annul/",
        api_sensitive.DecisionAnnulApi.as_view(),
        name="api-inspection-discipline-annul",
    ),
    path(
        "inspections/people/<int:person_id>/discipline/",
        api_sensitive.PersonDisciplineApi.as_view(),
        name="api-inspection-person-discipline",
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
