from __future__ import annotations

from django.urls import path

from mandate.notifications import api

urlpatterns = [
    path("notifications/", api.NotificationListApi.as_view(), name="api-notifications"),
    path(
        "notifications/unread-count/",
        api.NotificationUnreadCountApi.as_view(),
        name="api-notifications-unread-count",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        api.NotificationReadApi.as_view(),
        name="api-notification-read",
    ),
    path("notifications/read-all/", api.NotificationReadAllApi.as_view(), name="api-notifications-read-all"),
]
