"""App configuration for the access policy."""

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safehub.access"
    label = "access"
