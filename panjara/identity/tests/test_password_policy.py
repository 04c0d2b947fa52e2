"""The portal's password policy (ASVS V6.2.4, V6.2.11): the common-password list also catches a
common password typed with the Georgian keyboard layout on; the published demo passwords pass."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from panjara.backoffice.demo import DEMO_STAFF_PASSWORD, demo_staff
from panjara.demo.citizens import DEMO_CITIZEN_PASSWORD
from panjara.identity.models import User
from panjara.identity.testing import citizen_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("პასსწორდ1", "password1"),
        ("ქწერტყ123", "qwerty123"),
        ("ილოვეყოუ", "iloveyou"),
        ("შჭეეთ-ჰეარტ", "sweetheart"),
    ],
)
def test_a_common_password_typed_on_the_georgian_layout_is_refused_like_the_original(citizen, typed, meant):
    with translation.override("en"):
        for password in (meant, typed):
            with pytest.raises(ValidationError) as refused:
                validate_password(password, user=citizen)
            assert "This password is one of the most common ones" in " ".join(refused.value.messages)
    with translation.override("ka"), pytest.raises(ValidationError) as refused:
        validate_password(typed, user=citizen)
    assert "ყველაზე გავრცელებულია" in " ".join(refused.value.messages)


def test_georgian_pass_phrases_are_welcome(citizen):
    validate_password("ღამის ფანჯარა ღიაა", user=citizen)
    validate_password("მთვარე ანათებს ზღვას", user=citizen)


def test_the_published_demo_passwords_pass_the_policy_for_every_demo_account(citizen, other_citizen):
    """The e-mail's domain ("panjara.example") is no clue to a person, so "Panjara-…" passes."""
    for staff in demo_staff():
        validate_password(DEMO_STAFF_PASSWORD, user=User(email=staff.email, full_name=staff.full_name))
    davit = citizen_create(
        personal_number="01030057007",
        given_name_ka="დავით",
        surname_ka="მაისურაძე",
        given_name_en="Davit",
        surname_en="Maisuradze",
        mobile="555100007",
    )
    for person in (citizen, other_citizen, davit):
        validate_password(DEMO_CITIZEN_PASSWORD, user=person)


def test_the_name_part_of_the_email_is_still_refused(db):
    staff = User(email="dispatcher@panjara.example", full_name="")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_password("dispatcher-of-halls", user=staff)
    assert "Do not use your name, personal number or e-mail" in " ".join(refused.value.messages)
