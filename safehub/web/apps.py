"""App configuration for the web shell."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "safehub.web"
    label = "web"
