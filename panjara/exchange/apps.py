from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "panjara.exchange"
    label = "exchange"

    def ready(self):
        from . import tasks  # noqa: F401 — registers the periodic purge
