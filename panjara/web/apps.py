from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "panjara.web"
    label = "web"
