"""App configuration for the web shell."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "safehub.web"
    label = "web"

    def ready(self) -> None:
        # Registers the deployment checks, once the app registry is ready.
        from safehub.web import checks  # noqa: F401, PLC0415
