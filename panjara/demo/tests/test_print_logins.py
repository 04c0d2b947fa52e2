"""`seed_demo --print-logins` is what `make run` shows as the demo logins: every staff account the
demo seeds must be on it with a password that signs it in, and a desk official with the body they
answer for (issue 5: the ministries served at the desk)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from panjara.backoffice.roles import Role
from panjara.demo.services import demo_seed
from panjara.identity.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def manifest(tmp_path):
    # No demo agencies: the desk bodies need none.
    path = tmp_path / "agencies.json"
    path.write_text(json.dumps({"agencies": [], "personas": []}))
    return path


def _logins(manifest) -> dict[str, str]:
    """Each printed login line by its e-mail: the password and what the account is for."""
    out = io.StringIO()
    call_command("seed_demo", "--print-logins", "--manifest", str(manifest), stdout=out)
    rows = [line.split(maxsplit=2) for line in out.getvalue().splitlines() if "@" in line]
    return {email: rest for email, *rest in rows}


def test_every_seeded_staff_account_is_printed_with_a_password_that_works(manifest):
    demo_seed(manifest=manifest, sync_catalog=False)
    logins = _logins(manifest)
    seeded = User.objects.filter(staff_profile__isnull=False).select_related("staff_profile__agency")
    assert seeded.filter(email="desk-moj@panjara.example").exists()
    for user in seeded:
        assert user.email in logins, f"{user.email} is not printed"
        password, _ = logins[user.email]
        assert user.check_password(password), user.email


def test_a_ministry_desk_official_is_printed_with_the_ministry_they_answer_for(manifest):
    demo_seed(manifest=manifest, sync_catalog=False)
    logins = _logins(manifest)
    officials = User.objects.filter(
        email__startswith="desk-", staff_profile__role=Role.AGENCY_OFFICIAL
    ).select_related("staff_profile__agency")
    assert officials.count() == 5
    for official in officials:
        _, who = logins[official.email]
        assert who == f"(agency_official, {official.staff_profile.agency.name_en})"
