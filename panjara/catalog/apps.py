from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "panjara.catalog"
    label = "catalog"
