"""The API app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from safehub.agencies.models import User


class ApiConfig(AppConfig):
    name = "safehub.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Models and signals are importable only once the app registry is ready; the
        # schema module registers the OpenAPI descriptions of our authentication classes.
        from safehub.access.services.accounts import user_disabled  # noqa: PLC0415
        from safehub.api import schema  # noqa: F401, PLC0415
        from safehub.api.services import api_tokens_revoke_all  # noqa: PLC0415

        def revoke_tokens(
            sender: object, *, user: User, actor: User | None, **kwargs: object
        ) -> None:
            api_tokens_revoke_all(user=user)

        # A disabled user's tokens die with their sessions (strong ref: kept for the
        # process's life).
        user_disabled.connect(revoke_tokens, weak=False, dispatch_uid="safehub.api.revoke_tokens")
