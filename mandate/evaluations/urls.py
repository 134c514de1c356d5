"""The evaluation pages (issue 14, item 7); each area adds its routes here (ADR 0048)."""

from django.urls import URLPattern, URLResolver, path

from mandate.evaluations.views import rankings

app_name = "evaluations"
urlpatterns: list[URLPattern | URLResolver] = []

# Rankings of units (issue 14, item 4; docs/adr/0049).
urlpatterns += [
    path("rankings/", rankings.ranking_list, name="rankings"),
    path("rankings/<int:index_id>/", rankings.ranking_detail, name="ranking"),
    path("rankings/<int:index_id>/<int:year>/scores/", rankings.ranking_scores, name="ranking-scores"),
    path("rankings/<int:index_id>/<int:year>/import/", rankings.ranking_import, name="ranking-import"),
]
