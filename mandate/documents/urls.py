from django.urls import URLPattern, URLResolver, path

from mandate.documents import views, views_register

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.register, name="register"),
    path("lookup/", views.lookup, name="lookup"),
    path("new/", views_register.register_new, name="new"),
    path("symbol-check/", views_register.symbol_check, name="symbol_check"),
    path("<int:document_id>/edit/", views_register.edit, name="edit"),
    path("<int:document_id>/retire/", views_register.retire, name="retire"),
    path("<int:document_id>/relate/", views_register.relate, name="relate"),
    path("<int:document_id>/attach/", views_register.attach, name="attach"),
    path("<int:document_id>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
