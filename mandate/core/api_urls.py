from django.urls import path

from mandate.core import api_audit

urlpatterns = [
    path("audit/", api_audit.AuditListApi.as_view(), name="api-audit"),
]
