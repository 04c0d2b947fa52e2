"""Writing staff accounts and halls. Every staff change is audited in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from panjara.audit.services import PORTAL, Actor, audit_record
from panjara.identity.services.accounts import account_audit, staff_actor

from .demo import DEMO_STAFF_PASSWORD, demo_halls, demo_staff
from .models import PublicServiceHall, StaffProfile
from .roles import GROUP_NAMES, Role


def _role_group(role: str) -> Group:
    # The migration creates the groups; get_or_create keeps a flushed test database working too.
    group, _created = Group.objects.get_or_create(name=GROUP_NAMES[role])
    return group


def _profile_detail(profile: StaffProfile) -> dict:
    return {
        "role": profile.role,
        "hall": profile.hall.code if profile.hall else "",
        "agency": profile.agency.code if profile.agency else "",
    }


def _assign(*, user, role: str, hall, agency) -> StaffProfile:
    # Read from the database, not the reverse accessor: an admin form may have cached an edited,
    # unsaved profile on the user.
    profile = StaffProfile.objects.filter(user=user).first() or StaffProfile(user=user)
    profile.role, profile.hall, profile.agency = role, hall, agency
    profile.full_clean(exclude=["user"])
    profile.save()
    # One role, one group: leave other staff-role groups, keep any unrelated group.
    user.groups.remove(*Group.objects.filter(name__in=GROUP_NAMES.values()).exclude(name=GROUP_NAMES[role]))
    user.groups.add(_role_group(role))
    return profile


def staff_assign(
    *, user, role: str, hall: PublicServiceHall | None = None, agency=None, actor: Actor = PORTAL
):
    """Give an existing account a staff role (or change it): profile, group, is_staff, audit."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown staff role.")})
    with transaction.atomic():
        stored = StaffProfile.objects.filter(user=user).select_related("hall", "agency").first()
        before = _profile_detail(stored) if stored else None
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        profile = _assign(user=user, role=role, hall=hall, agency=agency)
        if _profile_detail(profile) != before:
            audit_record(
                actor=actor,
                action="staff.role_assigned",
                object_type="identity.user",
                object_id=str(user.pk),
                detail={"email": user.email, "before": before, "after": _profile_detail(profile)},
            )
    return profile


def staff_create(
    *,
    email: str,
    full_name: str,
    role: str,
    password: str | None,
    hall: PublicServiceHall | None = None,
    agency=None,
    actor: Actor = PORTAL,
):
    """Create a staff account: the user (is_staff), its profile and its role group. A None password
    leaves the account without one until it is set (e.g. by a password reset). A given password
    follows the portal's policy, as citizens' do (AUTH_PASSWORD_VALIDATORS; ASVS V6.2.1, V6.2.4)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown staff role.")})
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).strip().lower()
    if password is not None:
        try:
            # An unsaved account, so that the policy can refuse the e-mail's name or the full name.
            validate_password(password, user=user_model(email=email, full_name=full_name))
        except ValidationError as refused:
            raise ValidationError({"password": refused.error_list}) from refused
    with transaction.atomic():
        if user_model.objects.filter(email=email).exists():
            raise ValidationError({"email": _("An account with this e-mail address already exists.")})
        user = user_model.objects.create_user(email, password, full_name=full_name, is_staff=True)
        profile = _assign(user=user, role=role, hall=hall, agency=agency)
        audit_record(
            actor=actor,
            action="staff.created",
            object_type="identity.user",
            object_id=str(user.pk),
            detail={"email": email, **_profile_detail(profile)},
        )
    return user


def staff_ensure(
    *,
    email: str,
    full_name: str,
    role: str,
    password: str | None,
    hall: PublicServiceHall | None = None,
    agency=None,
    actor: Actor = PORTAL,
):
    """For seed commands: create the staff account, or bring an existing one to this role, hall
    and agency. Returns (user, created). An existing account's password is left alone."""
    user_model = get_user_model()
    normalized = user_model.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        user = user_model.objects.filter(email=normalized).first()
        if user is None:
            return staff_create(
                email=normalized,
                full_name=full_name,
                role=role,
                password=password,
                hall=hall,
                agency=agency,
                actor=actor,
            ), True
        staff_assign(user=user, role=role, hall=hall, agency=agency, actor=actor)
    return user, False


def hall_ensure(
    *, code: str, name_ka: str, name_en: str, city_ka: str, city_en: str, address_ka: str, address_en: str
) -> PublicServiceHall:
    hall, _created = PublicServiceHall.objects.update_or_create(
        code=code,
        defaults={
            "name_ka": name_ka,
            "name_en": name_en,
            "city_ka": city_ka,
            "city_en": city_en,
            "address_ka": address_ka,
            "address_en": address_en,
        },
    )
    return hall


@transaction.atomic
def application_print_log(*, operator, account, hall: PublicServiceHall, kind: str, language: str) -> None:
    """Record that an operator printed a citizen's application (R-ID-2): it carries the person's
    data, so it is in the person's "who used my data" view like the registration itself."""
    account_audit(
        user=account,
        actor=staff_actor(operator),
        action="registration.application_printed",
        purpose="registration",
        detail={"hall": hall.code, "kind": kind, "language": language},
    )


@dataclass(frozen=True, kw_only=True)
class DemoLogin:
    email: str
    password: str
    role: str
    skipped: str = ""  # why the account was not seeded (e.g. its agency is not registered yet)


def backoffice_demo_seed() -> list[DemoLogin]:
    """Seed the demo halls and one staff account per role. Idempotent; demo mode only."""
    if not settings.DEMO_MODE:
        raise RuntimeError("demo staff exist only in demo mode: their password is published")
    from panjara.exchange.models import Agency

    logins = []
    with transaction.atomic():
        halls = {spec.code: hall_ensure(**vars(spec)) for spec in demo_halls()}
        for spec in demo_staff():
            agency = Agency.objects.filter(code=spec.agency_code).first() if spec.agency_code else None
            if spec.agency_code and agency is None:
                logins.append(
                    DemoLogin(
                        email=spec.email,
                        password="",
                        role=spec.role,
                        skipped=f"agency {spec.agency_code!r} missing",
                    )
                )
                continue
            user, created = staff_ensure(
                email=spec.email,
                full_name=spec.full_name,
                role=spec.role,
                password=DEMO_STAFF_PASSWORD,
                hall=halls.get(spec.hall_code),
                agency=agency,
            )
            if not created and not user.check_password(DEMO_STAFF_PASSWORD):
                # Someone changed the demo password by hand; the printed one must work.
                user.set_password(DEMO_STAFF_PASSWORD)
                user.save(update_fields=["password"])
            logins.append(DemoLogin(email=user.email, password=DEMO_STAFF_PASSWORD, role=spec.role))
    return logins
