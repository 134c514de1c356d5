"""The evaluation pages (issue 14, item 7); each area adds its routes here (ADR 0048)."""

from django.urls import URLPattern, URLResolver, path

from mandate.evaluations.views import home, monthly, rankings
from mandate.evaluations.views import proposals as proposal_views
from mandate.evaluations.views import rotation as rotation_views
from mandate.evaluations.views import signals as signals_views

app_name = "evaluations"

MONTH = "units/<int:unit_id>/months/<str:month>/"
MONTHLY = "monthly/<int:evaluation_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.evaluations_home, name="home"),
    # The accountability signals (items 1 and 7; ADR 0051).
    path("signals/", signals_views.signals_home, name="signals"),
    path("signals/units/<int:unit_id>/", signals_views.signals_board, name="signals-board"),
    path(
        "signals/units/<int:unit_id>/records/<slug:code>/",
        signals_views.signals_records,
        name="signals-records",
    ),
    path("signals/people/<int:person_id>/", signals_views.signals_person, name="signals-person"),
    # The monthly evaluation (item 2).
    path("monthly/", monthly.monthly_own, name="monthly_own"),
    path(MONTH, monthly.monthly_month, name="monthly_month"),
    path(f"{MONTH}open/", monthly.monthly_open, name="monthly_open"),
    path(f"{MONTH}settings/", monthly.monthly_settings, name="monthly_settings"),
    path(f"{MONTH}submit/", monthly.monthly_submit, name="monthly_submit"),
    path(MONTHLY, monthly.monthly_detail, name="monthly_detail"),
    path(f"{MONTHLY}self-assessment/", monthly.monthly_self, name="monthly_self"),
    path(f"{MONTHLY}decision/", monthly.monthly_decide, name="monthly_decide"),
]

# The annual classification (issue 14 item 3; ADR 0053).
from mandate.evaluations.views import annual as annual_views  # noqa: E402

urlpatterns += [
    path("annual/<int:unit_id>/<int:year>/", annual_views.annual_sheet, name="annual-sheet"),
    path("annual/classification/<int:classification_id>/", annual_views.annual_detail, name="annual-detail"),
]

# Rotation, replacement and commendation (items 5 and 6; ADR 0055).
urlpatterns += [
    path("rotation/", rotation_views.rotation_list, name="rotation"),
    path("proposals/", proposal_views.proposal_list, name="proposals"),
    path("proposals/<int:proposal_id>/", proposal_views.proposal_detail, name="proposal"),
    path("proposals/<int:proposal_id>/decide/", proposal_views.proposal_decide, name="proposal-decide"),
]

# Rankings of units (issue 14, item 4; ADR 0054).
urlpatterns += [
    path("rankings/", rankings.ranking_list, name="rankings"),
    path("rankings/<int:index_id>/", rankings.ranking_detail, name="ranking"),
    path("rankings/<int:index_id>/<int:year>/scores/", rankings.ranking_scores, name="ranking-scores"),
    path("rankings/<int:index_id>/<int:year>/import/", rankings.ranking_import, name="ranking-import"),
]
