from django.core import checks


@checks.register("notifications")
def channel_configuration(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A misconfigured channel means one-time codes never arrive: say so at start-up, not at the
    first login."""
    from .channels.registry import configuration_problems

    return [checks.Error(problem, id="notifications.E001") for problem in configuration_problems()]
