from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("me/data-use/", views.data_use, name="data_use"),
]
