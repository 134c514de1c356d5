from django.urls import URLPattern, URLResolver, path

from mandate.tasks.views import documents

urlpatterns: list[URLPattern | URLResolver] = [
    path("documents/<int:document_id>/", documents.document_detail, name="document_detail"),
]
