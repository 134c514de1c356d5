from django.urls import URLPattern, URLResolver, path

from mandate.documents import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.register, name="register"),
    path("lookup/", views.lookup, name="lookup"),
    path("<int:document_id>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
