"""The task pages, and the document detail page (it shows the document's tasks and counts, so
it lives above documents in the layers)."""

from mandate.tasks import urls_detail, urls_documents, urls_work

app_name = "tasks"
urlpatterns = [*urls_work.urlpatterns, *urls_detail.urlpatterns, *urls_documents.urlpatterns]
