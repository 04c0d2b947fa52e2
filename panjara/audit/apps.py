from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "panjara.audit"
    label = "audit"
