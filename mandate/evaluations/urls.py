"""The evaluation pages (issue 14, item 7); each area adds its routes here (ADR 0048)."""

from django.urls import URLPattern, URLResolver

app_name = "evaluations"
urlpatterns: list[URLPattern | URLResolver] = []
