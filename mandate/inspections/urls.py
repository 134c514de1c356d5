"""The inspection pages (issue 12, item 8): the list, creating one, an inspection's page and the
POST of each of its forms; the statistics with the records behind each figure, and a person's or
a unit's history."""

from django.urls import URLPattern, URLResolver, path

from mandate.inspections.views import actions, history, pages, plans, statistics

app_name = "inspections"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", pages.inspection_list, name="list"),
    path("new/", pages.inspection_create, name="create"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", plans.plan_detail, name="plan"),
    path("plans/<int:plan_id>/act/", plans.plan_act, name="plan_act"),
    path("statistics/", statistics.statistics_page, name="statistics"),
    path("statistics/records/", statistics.statistics_records, name="statistics-records"),
    path("history/people/<int:person_id>/", history.person_history, name="person-history"),
    path("history/units/<int:unit_id>/", history.unit_history, name="unit-history"),
    path("<int:inspection_id>/", pages.inspection_detail, name="detail"),
    path("<int:inspection_id>/act/", actions.inspection_act, name="act"),
]
