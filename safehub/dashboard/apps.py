from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "safehub.dashboard"
    label = "dashboard"
    verbose_name = "Partnership dashboard"
