from django.urls import path

from . import letter_views, views

app_name = "desk"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("letters/<str:number>/", letter_views.letter_detail, name="letter"),
    path(
        "letters/<str:number>/files/<uuid:attachment_id>/",
        letter_views.letter_attachment,
        name="letter_attachment",
    ),
    *(
        path(
            f"letters/<str:number>/{action}/",
            letter_views.letter_action,
            {"action": action},
            name=f"letter_{action}",
        )
        for action in letter_views.FORMS
    ),
    path("<str:number>/", views.case_detail, name="case"),
    *(
        path(f"<str:number>/{action}/", views.case_action, {"action": action}, name=action)
        for action in views.FORMS
    ),
    path("<str:number>/files/<uuid:attachment_id>/", views.attachment, name="attachment"),
]
