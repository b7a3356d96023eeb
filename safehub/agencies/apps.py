"""App configuration for agencies."""

from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "safehub.agencies"
    label = "agencies"
