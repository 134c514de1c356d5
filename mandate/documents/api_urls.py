from django.urls import path

from mandate.documents import api

urlpatterns = [
    path("document-types/", api.DocumentTypeListApi.as_view(), name="api-document-types"),
    path("documents/", api.DocumentListCreateApi.as_view(), name="api-documents"),
    path("documents/<int:document_id>/", api.DocumentDetailApi.as_view(), name="api-document"),
    path("documents/<int:document_id>/retire/", api.DocumentRetireApi.as_view(), name="api-document-retire"),
    path(
        "documents/<int:document_id>/relations/",
        api.DocumentRelationsApi.as_view(),
        name="api-document-relations",
    ),
    path(
        "documents/<int:document_id>/attachments/",
        api.AttachmentListCreateApi.as_view(),
        name="api-document-attachments",
    ),
    path(
        "documents/<int:document_id>/attachments/<int:attachment_id>/",
        api.AttachmentDownloadApi.as_view(),
        name="api-document-attachment",
    ),
]
