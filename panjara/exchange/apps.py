from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "panjara.exchange"
    label = "exchange"
