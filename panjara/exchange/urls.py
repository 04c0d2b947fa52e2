from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("v1/callbacks", views.callback, name="callbacks"),
    path("v1/jwks.json", views.jwks, name="jwks"),
]
