"""App configuration for identity linking."""

from django.apps import AppConfig


class LinkingConfig(AppConfig):
    name = "safehub.linking"
    label = "linking"
    verbose_name = "Identity linking"
