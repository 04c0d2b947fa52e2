from django.urls import path

from . import views

app_name = "vault"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("folders/new/", views.folder_create, name="folder_create"),
    path("folders/<uuid:folder_id>/delete/", views.folder_delete, name="folder_delete"),
    path("<uuid:document_id>/", views.document_detail, name="document"),
    path("<uuid:document_id>/download/", views.download, name="download"),
    path("<uuid:document_id>/preview.png", views.preview, name="preview"),
    path("<uuid:document_id>/delete/", views.delete, name="delete"),
]
