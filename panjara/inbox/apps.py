from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "panjara.inbox"
    label = "inbox"
