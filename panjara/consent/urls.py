from django.urls import path

from . import views

app_name = "consent"
urlpatterns = [
    path("terms/", views.terms, name="terms"),
    path("terms/<int:version>/", views.terms, name="terms_version"),
    path("terms/decide/", views.decide, name="decide"),
    path("terms/decide/refuse/", views.refuse, name="refuse"),
    path("terms/refused/", views.refused, name="refused"),
    path("terms/history/", views.history, name="history"),
    path("account/export/", views.export, name="export"),
]
