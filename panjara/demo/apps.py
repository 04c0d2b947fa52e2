from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo wiring only: the seed command. Holds no models and serves no pages."""

    name = "panjara.demo"
    label = "demo"
