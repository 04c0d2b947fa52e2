from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "panjara.core"
    label = "core"
