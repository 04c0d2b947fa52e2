"""The authenticator app (identity issue, section 3): its status, setting one up with a QR code
and a first code, and removing it. Setting up and removing need the password again
(identity.reauth). Once set up, sign-in asks for its code instead of an SMS (views.signin_code),
with an SMS as the way out for a person without their phone."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import CodeForm
from .reauth import reauth_required
from .selectors import authenticator_of
from .services.totp import (
    ISSUER,
    totp_enrol_start,
    totp_provisioning_uri,
    totp_remove,
    totp_secret,
    totp_verify,
)

QR_SCALE = 5


def grouped(secret: str) -> str:
    """The secret in groups of four, as people copy it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def authenticator(request):
    app = authenticator_of(user=request.user)
    confirmed = app if app is not None and app.confirmed_at else None
    return render(
        request,
        "identity/authenticator.html",
        {"app": confirmed, "has_mobile": bool(request.user.mobile_confirmed_at)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@reauth_required
def authenticator_setup(request):
    user = request.user
    app = authenticator_of(user=user)
    if app is not None and app.confirmed_at:
        messages.info(
            request, _("An authenticator app is already set up. Remove it first to set up another.")
        )
        return redirect("identity:authenticator")
    if app is None:
        # Made on the first visit and kept across reloads: the secret is worthless until confirmed
        # with a code, and a new one on every reload would break a QR code already scanned.
        app = totp_enrol_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_verify(user=user, code=form.cleaned_data["code"], confirming=True):
            messages.success(
                request,
                _("The authenticator app is set up. From now on, sign-in asks for its code."),
            )
            return redirect("identity:authenticator")
        form.add_error(
            "code",
            _(
                "The code is not right. Type the newest code the app shows for Panjara, and check that "
                "the phone sets its time automatically."
            ),
        )
    uri = totp_provisioning_uri(app=app)
    qr = segno.make(uri, error="m")
    width, height = qr.symbol_size(scale=QR_SCALE)
    context = {
        "form": form,
        "qr_src": qr.svg_data_uri(scale=QR_SCALE, dark="#000", light="#fff"),
        "qr_width": width,
        "qr_height": height,
        "secret": grouped(totp_secret(app)),
        "issuer": ISSUER,
        "account": user.email,
    }
    return render(request, "identity/authenticator_setup.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@reauth_required
def authenticator_remove(request):
    app = authenticator_of(user=request.user)
    if app is None or app.confirmed_at is None:
        return redirect("identity:authenticator")
    if request.method == "POST":
        totp_remove(user=request.user)
        messages.success(request, _("The authenticator app is removed. Sign-in codes come by SMS again."))
        return redirect("identity:authenticator")
    return render(request, "identity/authenticator_remove.html", {"app": app})
