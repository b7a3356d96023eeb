from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "safehub.concerns"
    label = "concerns"
    verbose_name = "Quick concerns"

    def ready(self) -> None:
        # Models are importable only once the app registry is ready; the triage queue
        # (screening, below this app) then shows the concerns that touch what the hub knows.
        from safehub.concerns.touches import triage_section  # noqa: PLC0415
        from safehub.screening.sections import register  # noqa: PLC0415

        register("concerns", triage_section)
