from django.urls import URLPattern, URLResolver, path

from mandate.organisations import views

app_name = "organisations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.tree, name="tree"),
    path("<int:unit_id>/", views.unit, name="unit"),
]
