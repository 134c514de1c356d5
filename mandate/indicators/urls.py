"""The indicator pages (issue 11, item 12): the catalogue, an indicator's figures, data entry
with the steps of approval, the approval queue and the allocation screen."""

from django.urls import URLPattern, URLResolver, path

from mandate.indicators.views import allocation, approval, catalogue, entry, entry_sheets

app_name = "indicators"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", catalogue.catalogue, name="catalogue"),
    path("<int:indicator_id>/", catalogue.indicator, name="indicator"),
    path("queue/", approval.queue, name="queue"),
    path("sets/<int:set_id>/entry/", entry.entry, name="entry"),
    path("sets/<int:set_id>/entry/import/", entry_sheets.entry_import, name="entry-import"),
    path("sets/<int:set_id>/allocation/", allocation.allocation, name="allocation"),
    path("submissions/<int:submission_id>/transition/", approval.transition, name="transition"),
]
