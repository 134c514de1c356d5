from django.urls import path

from mandate.core import api_audit, api_calendar, api_periods

urlpatterns = [
    path("audit/", api_audit.AuditListApi.as_view(), name="api-audit"),
    path("calendar/deadline/", api_calendar.DeadlineApi.as_view(), name="api-calendar-deadline"),
    path("periods/<str:code>/", api_periods.PeriodApi.as_view(), name="api-period"),
]
