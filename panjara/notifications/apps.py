from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "panjara.notifications"
    label = "notifications"
