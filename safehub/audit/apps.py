"""App configuration for the audit log."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safehub.audit"
    label = "audit"
