"""The API app."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "safehub.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Registers the OpenAPI descriptions of our authentication classes.
        from safehub.api import schema  # noqa: F401
