from django.urls import URLPattern, URLResolver, path

from mandate.notifications import views

app_name = "notifications"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/open/", views.notification_open, name="open"),
    path("<int:notification_id>/read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read_all"),
]
