from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "safehub.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        # A link run that merges a discussed Person into another moves their rows too.
        from safehub.linking.heirs import follower  # noqa: PLC0415
        from safehub.meetings.follow import discussed_follow  # noqa: PLC0415

        follower(discussed_follow)
