from django.urls import path

from . import (
    account_views,
    authenticator_views,
    password_views,
    profile_views,
    reauth,
    recovery_views,
    setup_views,
    step_up_views,
    views,
)

app_name = "identity"
urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signin/code/", views.signin_code, name="signin_code"),
    path("signout/", views.signout, name="logout"),
    path("account/setup/password/", setup_views.setup_password, name="setup_password"),
    path("account/setup/mobile/", setup_views.setup_mobile, name="setup_mobile"),
    path("account/setup/email/", setup_views.setup_email, name="setup_email"),
    path("account/recover/", recovery_views.recover, name="recover"),
    path("account/recover/codes/", recovery_views.recover_codes, name="recover_codes"),
    path("account/recover/password/", recovery_views.recover_password, name="recover_password"),
    path("account/sessions/", account_views.sessions, name="sessions"),
    path("account/security/", account_views.security, name="security"),
]

# The person's profile and settings (identity issue, sections 3 and 4).
urlpatterns += [
    path("account/", profile_views.profile, name="profile"),
    path("account/confirm/", reauth.reauth, name="reauth"),
    path("account/step-up/", step_up_views.step_up, name="step_up"),
    path("account/password/", password_views.change_password, name="change_password"),
    path("account/mobile/", profile_views.change_mobile, name="change_mobile"),
    path("account/email/", profile_views.change_email, name="change_email"),
    path("account/notifications/", profile_views.notifications, name="notifications"),
    path("account/authenticator/", authenticator_views.authenticator, name="authenticator"),
    path("account/authenticator/setup/", authenticator_views.authenticator_setup, name="authenticator_setup"),
    path(
        "account/authenticator/remove/", authenticator_views.authenticator_remove, name="authenticator_remove"
    ),
]
