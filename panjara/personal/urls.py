from django.urls import path

from . import views

app_name = "personal"
urlpatterns = [
    path("me/", views.home, name="home"),
    path("me/data/<str:code>/", views.service, name="service"),
    path("me/kept/", views.kept, name="kept"),
    path("me/kept/delete/", views.kept_delete_all, name="kept_delete_all"),
    path("me/kept/<int:pk>/", views.kept_detail, name="kept_answer"),
    path("me/kept/<int:pk>/delete/", views.kept_delete, name="kept_delete"),
]
