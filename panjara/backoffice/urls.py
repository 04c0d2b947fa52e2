from django.urls import include, path

from . import views, views_hall

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("desk/", include("panjara.desk.urls")),
    path("hall/", views_hall.lookup, name="hall"),
    path("hall/person/", views_hall.person, name="hall_person"),
    path("hall/person/new-password/", views_hall.reissue, name="hall_reissue"),
    path("hall/application/<int:account_id>/", views_hall.application, name="hall_application"),
]
