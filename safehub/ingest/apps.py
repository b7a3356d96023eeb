"""App configuration for imports."""

from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "safehub.ingest"
    label = "ingest"
