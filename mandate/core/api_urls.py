from django.urls import path

from mandate.core import api_access_log, api_audit, api_calendar, api_periods

urlpatterns = [
    path("audit/", api_audit.AuditListApi.as_view(), name="api-audit"),
    path("access-log/", api_access_log.AccessLogListApi.as_view(), name="api-access-log"),
    path("calendar/deadline/", api_calendar.DeadlineApi.as_view(), name="api-calendar-deadline"),
    path("periods/<str:code>/", api_periods.PeriodApi.as_view(), name="api-period"),
]
