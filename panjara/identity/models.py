"""Accounts, the persons behind them, and their ways in.

A *person* is who the civil registry knows (personal number, names). An *account* (`User`) is how
someone signs in; a citizen's account points at their person, a staff account may not. Ways in are
separate from both, so that the ID card and the Revenue Service account (later issues) add rows,
not columns: the password lives on the account (Django's own field), a one-time password from a
hall, an authenticator app (TOTP) and, later, an ID card each have their own model. A session
records which way in opened it and the assurance that gives (`AccountSession`).
"""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .passwords import normalise

PERSONAL_NUMBER = RegexValidator(r"^\d{11}$", _("A personal number has 11 digits."))
MOBILE = RegexValidator(r"^5\d{8}$", _("A mobile number has 9 digits and starts with 5, like 555123456."))


class Assurance(models.TextChoices):
    """eIDAS levels of assurance, as the catalog's services name them (panjara_protocol.kinds)."""

    LOW = "low", _("low")
    SUBSTANTIAL = "substantial", _("substantial")
    HIGH = "high", _("high")


ASSURANCE_ORDER = {Assurance.LOW: 0, Assurance.SUBSTANTIAL: 1, Assurance.HIGH: 2}


class Person(models.Model):
    """A natural person as the civil registry identifies them; copied from the registry at
    registration and refreshed from it, never typed in by hand."""

    personal_number = models.CharField(
        _("personal number"), max_length=11, unique=True, validators=[PERSONAL_NUMBER]
    )
    given_name_ka = models.CharField(_("given name (Georgian)"), max_length=100)
    surname_ka = models.CharField(_("surname (Georgian)"), max_length=100)
    given_name_en = models.CharField(_("given name (Latin)"), max_length=100, blank=True)
    surname_en = models.CharField(_("surname (Latin)"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"{self.given_name_ka} {self.surname_ka}"

    def name_in(self, language: str) -> str:
        if language == "en" and self.given_name_en:
            return f"{self.given_name_en} {self.surname_en}"
        return f"{self.given_name_ka} {self.surname_ka}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account: a citizen's or a staff member's. The e-mail is the username (R-ID-3)."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    mobile = models.CharField(_("mobile number"), max_length=9, blank=True, validators=[MOBILE])
    mobile_confirmed_at = models.DateTimeField(_("mobile confirmed"), null=True, blank=True)
    # Set when the account was opened or reset with a one-time password: R-ID-3 says it must be
    # replaced at the first login, and the first-login steps follow from these fields.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    # Consecutive wrong passwords. At the limit the password stops working until the person
    # recovers it with codes sent to both confirmed contacts (or at a hall); a correct password
    # resets the count.
    password_failures = models.PositiveIntegerField(_("consecutive password failures"), default=0)
    password_disabled_at = models.DateTimeField(_("password disabled"), null=True, blank=True)
    # Wrong second-factor codes counted per account, across sign-in attempts (each attempt's own
    # code allows only 5 tries, but a thief who knows the password could start attempt after
    # attempt). Separate from the password lockout above: at the limit, code checks pause for a
    # while instead of disabling anything, so nobody can lock the owner out for good this way.
    code_failures = models.PositiveSmallIntegerField(_("recent wrong codes"), default=0)
    code_failures_since = models.DateTimeField(_("first recent wrong code"), null=True, blank=True)
    codes_paused_until = models.DateTimeField(_("codes paused until"), null=True, blank=True)
    language = models.CharField(_("language for messages"), max_length=2, default="ka")
    # Which events reach the person by which channel (section 4 of the identity issue); keys are
    # event groups, values lists of channels. Empty means the defaults in identity.preferences.
    notification_preferences = models.JSONField(_("notification preferences"), default=dict, blank=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    # The portal hashes and checks passwords NFKC-normalised (identity.passwords). Doing it here
    # as well covers passwords set outside its pages (the admin, createsuperuser), so they sign
    # in as typed; normalising twice changes nothing.
    def set_password(self, raw_password: str | None) -> None:
        super().set_password(None if raw_password is None else normalise(raw_password))

    def check_password(self, raw_password: str | None) -> bool:
        return super().check_password(None if raw_password is None else normalise(raw_password))

    @property
    def personal_number(self) -> str:
        return self.person.personal_number if self.person_id else ""


class OneTimePassword(models.Model):
    """The password a hall operator issues at registration or for a lost factor (R-ID-2, R-ID-3,
    R-ID-7). Only its hash is kept; the plain value is shown once, on the operator's screen (the
    printed application does not carry it). Usable once, until it expires (72 hours)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_passwords")
    password_hash = models.CharField(max_length=200)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Issuing a new one withdraws the ones before it.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    hall_code = models.CharField(max_length=32, blank=True)
    reason = models.CharField(max_length=32)  # "registration" or "reset"

    class Meta:
        verbose_name = _("one-time password")
        verbose_name_plural = _("one-time passwords")
        indexes = [models.Index(fields=["user", "used_at", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.reason} {self.issued_at:%Y-%m-%d %H:%M}"


class VerificationCode(models.Model):
    """A short code sent to a contact to prove that the person holds it: the second factor at
    login, confirming a mobile or an e-mail, recovering a password. Bound to the browser session
    that asked for it (its id is kept in that session), single use, short-lived, with a limited
    number of tries and of resends; a resend replaces the code but keeps the failure count."""

    class Purpose(models.TextChoices):
        LOGIN = "login", _("sign-in")
        CONFIRM_MOBILE = "confirm_mobile", _("confirming a mobile number")
        CONFIRM_EMAIL = "confirm_email", _("confirming an e-mail address")
        RECOVER_EMAIL = "recover_email", _("password recovery by e-mail")
        RECOVER_MOBILE = "recover_mobile", _("password recovery by SMS")
        REAUTH = "reauth", _("confirming it is you before a change")
        STEP_UP = "step_up", _("raising the level of a sign-in")

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("e-mail")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="verification_codes")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    address = models.CharField(max_length=254)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failures = models.PositiveSmallIntegerField(default=0)
    resends = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")

    def __str__(self) -> str:
        return f"{self.purpose} {self.channel} {self.created_at:%Y-%m-%d %H:%M}"


class AuthenticatorApp(models.Model):
    """A TOTP authenticator app (RFC 6238), the stronger alternative to SMS codes. The shared
    secret is encrypted with a key derived from the deployment's secret key, so a copy of the
    database alone does not yield it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="authenticator")
    secret_encrypted = models.BinaryField()
    # Which derived key sealed the secret (identity.keys), so that it still opens after a
    # rotation of SECRET_KEY; blank for secrets sealed before key ids were kept.
    key_id = models.CharField(max_length=16, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step accepted: a code is never accepted twice, even inside its window.
    last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return f"{self.user_id} TOTP"


class AccountSession(models.Model):
    """A signed-in session as the person sees it on their sessions page. The session data itself
    is in Django's session store; this row says how and when it was opened."""

    class Method(models.TextChoices):
        ONE_TIME_PASSWORD = "one_time_password", _("one-time password from a hall")
        PASSWORD_SMS = "password_sms", _("password and SMS code")
        PASSWORD_TOTP = "password_totp", _("password and authenticator app")
        ID_CARD = "id_card", _("ID card and PIN")

    session_key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    method = models.CharField(max_length=24, choices=Method.choices)
    assurance = models.CharField(max_length=16, choices=Assurance.choices)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.method} {self.started_at:%Y-%m-%d %H:%M}"
