from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "safehub.operations"
    label = "operations"
    verbose_name = "Operations"
