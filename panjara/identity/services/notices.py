"""Security notices to the person's confirmed contacts (ASVS V6.3: tell people about changes to
their authentication details), in the language they chose."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from panjara.identity.models import User
from panjara.notifications.services import notification_send

EVENTS = {
    "password_disabled": _(
        "Your password was entered wrongly 10 times in a row and has been disabled. "
        "Recover it on the portal with codes sent to your e-mail and mobile, or at a Public Service Hall."
    ),
    "password_changed": _("Your password was changed."),
    "password_recovered": _("Your password was reset with codes sent to your e-mail and mobile."),
    "mobile_changed": _("The mobile number of your account was changed."),
    "email_changed": _("The e-mail address of your account was changed."),
    "authenticator_added": _("An authenticator app was added to your account."),
    "authenticator_removed": _("The authenticator app was removed from your account."),
    "codes_paused": _(
        "Many wrong codes were typed for your account, so codes are not accepted for 15 minutes. "
        "If this was not you, someone may know your password: change it."
    ),
}


def security_notice(*, user: User, event: str, extra_addresses: dict[str, str] | None = None) -> None:
    """Tell the person by e-mail and SMS (each if confirmed). `extra_addresses` reaches an old
    contact that has just been replaced, so that a hijacker cannot hide the change."""
    language = user.language or "ka"
    with translation.override(language):
        text = str(EVENTS[event])
    targets = []
    if user.email_confirmed_at:
        targets.append(("email", user.email))
    if user.mobile_confirmed_at and user.mobile:
        targets.append(("sms", user.mobile))
    targets += [(channel, address) for channel, address in (extra_addresses or {}).items() if address]
    for channel, address in targets:
        notification_send(
            channel=channel,
            to=address,
            template="security.notice",
            context={"event": text},
            language=language,
            user=user,
        )
