"""Confirming a mobile number or an e-mail address with a code (R-ID-6): at the first login and
whenever the person changes one in their profile. The contact is written only once its code is
confirmed, so a typo never replaces a working contact."""

from __future__ import annotations

from django.db import transaction

from panjara.core import clock
from panjara.identity.models import User, VerificationCode

from .accounts import account_audit, person_actor
from .codes import CodeCheck, code_check, code_send
from .notices import security_notice

PURPOSE = {"mobile": VerificationCode.Purpose.CONFIRM_MOBILE, "email": VerificationCode.Purpose.CONFIRM_EMAIL}
CHANNEL = {"mobile": VerificationCode.Channel.SMS, "email": VerificationCode.Channel.EMAIL}


def contact_confirm_start(*, user: User, kind: str, address: str) -> VerificationCode:
    return code_send(user=user, purpose=PURPOSE[kind], channel=CHANNEL[kind], address=address)


@transaction.atomic
def contact_confirm_finish(*, user: User, kind: str, code_id, code: str) -> CodeCheck:
    """Check the code; when right, the address it was sent to becomes the confirmed contact. A
    change of an already confirmed contact is told to the old one as well."""
    result = code_check(code_id=code_id, user=user, purpose=PURPOSE[kind], code=code)
    if result is not CodeCheck.OK:
        return result
    address = VerificationCode.objects.get(pk=code_id).address
    now = clock.now()
    if kind == "mobile":
        old = user.mobile if user.mobile_confirmed_at and user.mobile != address else ""
        user.mobile, user.mobile_confirmed_at = address, now
        fields = ["mobile", "mobile_confirmed_at"]
    else:
        old = user.email if user.email_confirmed_at and user.email.lower() != address.lower() else ""
        if old and User.objects.filter(email__iexact=address).exclude(pk=user.pk).exists():
            # Someone took the address between sending and confirming; the unique index would
            # fail anyway, but this way the person gets a sentence, not an error page.
            return CodeCheck.UNKNOWN
        user.email, user.email_confirmed_at = address, now
        fields = ["email", "email_confirmed_at"]
    user.save(update_fields=fields)
    action = f"contact.{kind}_changed" if old else f"contact.{kind}_confirmed"
    account_audit(user=user, actor=person_actor(user), action=action, detail={"address": _masked(address)})
    if old:
        channel = "sms" if kind == "mobile" else "email"
        security_notice(user=user, event=f"{kind}_changed", extra_addresses={channel: old})
    return result


def _masked(address: str) -> str:
    if "@" in address:
        name, _sep, domain = address.partition("@")
        return f"{name[:2]}…@{domain}"
    return f"…{address[-3:]}"
