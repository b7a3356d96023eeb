"""App configuration for the network."""

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "safehub.network"
    label = "network"
    verbose_name = "Network"
