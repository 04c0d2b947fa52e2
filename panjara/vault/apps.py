from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "panjara.vault"
    label = "vault"

    def ready(self):
        from . import tasks  # noqa: F401 — registers the periodic sweep of unreferenced files
