"""App configuration for screening."""

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "safehub.screening"
    label = "screening"
    verbose_name = "Screening"
