from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<str:number>/", views.case_detail, name="case"),
    *(
        path(f"<str:number>/{action}/", views.case_action, {"action": action}, name=action)
        for action in views.FORMS
    ),
    path("<str:number>/files/<uuid:attachment_id>/", views.attachment, name="attachment"),
]
