"""The evaluation pages (issue 14, item 7); each area adds its routes here (ADR 0048)."""

from django.urls import URLPattern, URLResolver, path

from mandate.evaluations.views import proposals as proposal_views
from mandate.evaluations.views import rotation as rotation_views

app_name = "evaluations"
urlpatterns: list[URLPattern | URLResolver] = []

# Rotation, replacement and commendation (items 5 and 6; ADR 0049).
urlpatterns += [
    path("rotation/", rotation_views.rotation_list, name="rotation"),
    path("proposals/", proposal_views.proposal_list, name="proposals"),
    path("proposals/<int:proposal_id>/", proposal_views.proposal_detail, name="proposal"),
    path("proposals/<int:proposal_id>/decide/", proposal_views.proposal_decide, name="proposal-decide"),
]
