from django.urls import path

from . import views

app_name = "consent"
urlpatterns = [
    path("terms/", views.terms, name="terms"),
    path("terms/<int:version>/", views.terms, name="terms_version"),
]
