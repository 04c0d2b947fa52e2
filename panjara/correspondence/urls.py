from django.urls import path

from . import complaint_views, timeliness_views, views

app_name = "correspondence"

urlpatterns = [
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/<slug:code>/", views.body, name="body"),
    path("bodies/<slug:code>/timeliness/", timeliness_views.body_timeliness_page, name="timeliness"),
    path("letters/", views.letter_list, name="list"),
    path("letters/new/", views.start, name="start"),
    path("letters/<uuid:letter_id>/", views.detail, name="detail"),
    path("letters/<uuid:letter_id>/delete/", views.delete, name="delete"),
    path("letters/<uuid:letter_id>/reply/", views.reply, name="reply"),
    path("letters/<uuid:letter_id>/complaint/", complaint_views.complaint, name="complaint"),
]
