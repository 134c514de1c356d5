from django.apps import AppConfig


class DevConfig(AppConfig):
    """The demo city and its loader: sits on top of every layer, imported by nothing."""

    name = "mandate.dev"
    label = "dev"
    verbose_name = "Demo"
