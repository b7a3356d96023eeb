"""App configuration for the web shell."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "safehub.web"
    label = "web"

    def ready(self) -> None:
        from safehub.web import checks  # noqa: F401  (registers the deployment checks)
