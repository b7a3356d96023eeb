"""App configuration for records."""

from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "safehub.records"
    label = "records"
