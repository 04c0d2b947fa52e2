"""The first-login steps and the terms decision, as the account gate sees them (R-ID-3, R-ID-6,
R-C-1, R-C-2). No step can be skipped: while one is pending, every other page leads back to it."""

from __future__ import annotations

from django.urls import reverse

from panjara.consent.selectors import terms_standing

from .models import User

# In order. Each names the page that completes it.
STEPS = (
    ("password", "identity:setup_password"),
    ("mobile", "identity:setup_mobile"),
    ("email", "identity:setup_email"),
    ("terms", "consent:decide"),
)


def pending_step(user: User) -> str:
    """The first step this account has not done, "refused" when the person refused the terms in
    force, or "" when the account may use the portal."""
    if user.must_change_password:
        return "password"
    if not (user.mobile and user.mobile_confirmed_at):
        return "mobile"
    if not user.email_confirmed_at:
        return "email"
    if user.person_id is None:
        return ""  # staff accounts accept no citizen terms
    state = terms_standing(user=user)
    if state == "pending":
        return "terms"
    if state == "refused":
        return "refused"
    return ""


def step_url(step: str) -> str:
    if step == "refused":
        return reverse("consent:refused")
    return reverse(dict(STEPS)[step])


def steps_done(user: User) -> bool:
    return pending_step(user) in ("", "terms", "refused")
