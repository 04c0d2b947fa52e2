"""Development-only pages; panjara/urls.py includes this module only when DEMO_MODE is set."""

from django.urls import path

from . import views

app_name = "devmailbox"
urlpatterns = [path("mailbox/", views.devmailbox_list, name="list")]
