from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "panjara.backoffice"
    label = "backoffice"
