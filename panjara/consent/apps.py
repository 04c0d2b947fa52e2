from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "panjara.consent"
    label = "consent"
