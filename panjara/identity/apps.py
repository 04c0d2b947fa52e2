from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "panjara.identity"
    label = "identity"
