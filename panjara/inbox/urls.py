from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("<int:message_id>/", views.message_detail, name="message"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
]
