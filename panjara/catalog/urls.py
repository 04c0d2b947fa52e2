from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("services/", views.catalog_list, name="list"),
    path("services/search/", views.search, name="search"),
    path("services/category/<slug:code>/", views.category, name="category"),
    path("services/<str:code>/", views.service, name="service"),
    path("me/favourites/", views.favourites, name="favourites"),
    path("me/favourites/add/", views.favourite_add, name="favourite_add"),
    path("me/favourites/remove/", views.favourite_remove, name="favourite_remove"),
    path("me/favourites/move/", views.favourite_move, name="favourite_move"),
]
