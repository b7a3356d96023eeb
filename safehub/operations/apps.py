from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "safehub.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        # Models are importable only once the app registry is ready; `safehub audit
        # verify` then covers the decision logs too.
        from safehub.audit.verify import register_log  # noqa: PLC0415
        from safehub.linking.heirs import follower  # noqa: PLC0415
        from safehub.operations.decisions import verify_decisions  # noqa: PLC0415
        from safehub.operations.follow import nominals_follow  # noqa: PLC0415

        register_log(verify_decisions)
        # A link run that merges a nominal's Person into another moves their rows too.
        follower(nominals_follow)
