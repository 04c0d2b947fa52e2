from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/<str:code>/", views.start, name="start"),
    path("<uuid:application_id>/", views.detail, name="detail"),
    path("<uuid:application_id>/delete/", views.delete, name="delete"),
    path("<uuid:application_id>/answer/", views.supplement, name="supplement"),
]
