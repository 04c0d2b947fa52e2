"""Labels for security-log actions, in the person's language."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTIONS = {
    "account.registered": _("Account opened at a Public Service Hall"),
    "auth.signed_in": _("Signed in"),
    "auth.password_failed": _("Wrong password entered"),
    "auth.password_disabled": _("Password disabled after too many wrong tries"),
    "auth.one_time_password_used": _("One-time password used"),
    "credential.password_changed": _("Password changed"),
    "credential.password_recovered": _("Password reset with codes to e-mail and mobile"),
    "credential.one_time_password_issued": _("New one-time password issued at a hall"),
    "credential.authenticator_added": _("Authenticator app added"),
    "credential.authenticator_removed": _("Authenticator app removed"),
    "contact.mobile_confirmed": _("Mobile number confirmed"),
    "contact.email_confirmed": _("E-mail address confirmed"),
    "contact.mobile_changed": _("Mobile number changed"),
    "contact.email_changed": _("E-mail address changed"),
    "session.signed_out": _("Signed out"),
    "session.expired_idle": _("Session ended after 30 idle minutes"),
    "session.expired_absolute": _("Session ended after 12 hours"),
    "session.ended": _("Session ended"),
    "session.others_ended": _("Other sessions signed out"),
    "auth.reauth_failed": _("Wrong password when confirming a change"),
    "session.reauth_failed": _("Signed out after wrong passwords when confirming a change"),
    "account.notification_preferences_changed": _("Notification preferences changed"),
    "auth.code_failed": _("Wrong code entered"),
    "auth.code_exhausted": _("Code stopped working after too many wrong tries"),
    "auth.recovery_started": _("Password recovery started: codes sent to e-mail and mobile"),
    "auth.recovery_unavailable": _("Password recovery asked for, but the e-mail or mobile is not confirmed"),
    "auth.recovery_throttled": _("Password recovery paused after too many requests"),
    "session.ended_by_administrator": _("All sessions ended by a portal administrator"),
    "auth.reauthenticated": _("Confirmed it is you before a change"),
    "session.reauth_code_failed": _("Signed out after wrong codes when confirming a change"),
    "auth.stepped_up": _("Sign-in confirmed with a code for a service that needs it"),
    "session.step_up_failed": _("Signed out after wrong codes when confirming a sign-in"),
    "auth.codes_paused": _("Codes paused for 15 minutes after too many wrong ones"),
    "session.one_ended": _("Another session signed out"),
}


@register.filter
def security_action(action: str) -> str:
    return str(ACTIONS.get(action, action))
