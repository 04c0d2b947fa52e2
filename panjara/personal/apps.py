from django.apps import AppConfig


class PersonalConfig(AppConfig):
    name = "panjara.personal"
    label = "personal"
