"""Settings shared by every environment. Every value comes from the environment with a default that
is safe for the embedded demo; production.py refuses the ones that are only safe on a laptop."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.text("PANJARA_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env.text("PANJARA_SECRET_KEY", "insecure-development-key-change-me-in-production-0123456789")
# Earlier keys, newest first, still accepted while a rotation settles (ADR 0008): signatures,
# sessions, authenticator secrets and codes made under them keep working until they are dropped.
SECRET_KEY_FALLBACKS = env.items("PANJARA_SECRET_KEY_FALLBACKS", "")
DEBUG = env.flag("PANJARA_DEBUG", False)
# Demo mode: demo agencies, the development mailbox, demo personas. Never in production.
DEMO_MODE = env.flag("PANJARA_DEMO_MODE", False)
ALLOWED_HOSTS = env.items("PANJARA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
PUBLIC_URL = env.text("PANJARA_PUBLIC_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "panjara.core",
    "panjara.identity",
    "panjara.audit",
    "panjara.exchange",
    "panjara.catalog",
    "panjara.consent",
    "panjara.notifications",
    "panjara.backoffice",
    "panjara.desk",
    "panjara.inbox",
    "panjara.applications",
    "panjara.correspondence",
    "panjara.personal",
    "panjara.vault",
    "panjara.deadlines",
    "panjara.web",
    "panjara.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "panjara.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, and sync only: under ASGI the chain above then runs in one thread hop, and only the
    # view is handed back and forth (with an async-capable middleware last, Django adds a hop
    # per request for its response). The gate's redirects now get X-Frame-Options too.
    "panjara.identity.middleware.AccountGateMiddleware",
]

ROOT_URLCONF = "panjara.urls"
ASGI_APPLICATION = "panjara.asgi.application"
# Threads that run the requests' sync work in one ASGI process (panjara.asgi.PortalASGIHandler).
ASGI_LANES = int(env.number("PANJARA_ASGI_LANES", 4))
WSGI_APPLICATION = "panjara.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "panjara.web.context_processors.portal",
                "panjara.inbox.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": env.database(
        env.text("PANJARA_DATABASE_URL", f"sqlite:///{VAR_DIR / 'panjara.sqlite3'}"), base_dir=BASE_DIR
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.text("PANJARA_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "panjara.identity.loading"

AUTH_USER_MODEL = "identity.User"
AUTHENTICATION_BACKENDS = ["panjara.identity.loading.PortalBackend"]
PASSWORD_HASHERS = ["panjara.identity.hashers.OwaspArgon2idHasher"]
# The portal's password policy for passwords set through Django too (createsuperuser, the
# admin's password forms): no composition rules, so Django's own validators are not used.
AUTH_PASSWORD_VALIDATORS = [{"NAME": "panjara.identity.passwords.PortalPasswordValidator"}]
LOGIN_URL = "identity:signin"
LOGIN_REDIRECT_URL = "/me/"

# Sessions (identity issue, section 3): server-side, a new id at sign-in, 30 minutes idle and
# 12 hours at most, checked by panjara.identity.middleware against the portal's clock.
SESSION_IDLE_SECONDS = int(env.number("PANJARA_SESSION_IDLE_SECONDS", 30 * 60))
SESSION_ABSOLUTE_SECONDS = int(env.number("PANJARA_SESSION_ABSOLUTE_SECONDS", 12 * 3600))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Failed sign-ins per client address before it must wait (the account itself locks at 10).
SIGNIN_THROTTLE = {
    "FAILURES": int(env.number("PANJARA_SIGNIN_THROTTLE_FAILURES", 30)),
    "WINDOW_SECONDS": int(env.number("PANJARA_SIGNIN_THROTTLE_WINDOW", 900)),
}
# Password recovery starts (each sends an e-mail and an SMS) per client address and per typed
# address in a window.
RECOVERY_THROTTLE = {
    "PER_CLIENT": int(env.number("PANJARA_RECOVERY_THROTTLE_PER_CLIENT", 10)),
    "PER_ACCOUNT": int(env.number("PANJARA_RECOVERY_THROTTLE_PER_ACCOUNT", 3)),
    "WINDOW_SECONDS": int(env.number("PANJARA_RECOVERY_THROTTLE_WINDOW", 3600)),
}
# The request header the reverse proxy sets to the client's address (empty: REMOTE_ADDR).
TRUSTED_PROXY_HEADER = env.text("PANJARA_TRUSTED_PROXY_HEADER", "")

# Georgian first: the portal speaks Georgian unless the person chose English (R-P-1).
LANGUAGE_CODE = "ka"
LANGUAGES = [("ka", _("Georgian")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "panjara_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = []
USE_I18N = True
# Our date formats first (a 24-hour clock in both languages), Django's for anything they leave out.
FORMAT_MODULE_PATH = ["panjara.formats"]
TIME_ZONE = "Asia/Tbilisi"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# No inline script anywhere; pages work without JavaScript and scripts only enhance.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "notifications", "exchange"],
    }
}

# The exchange: who the portal is on the exchange, its signing key, and the HTTP client's limits.
EXCHANGE = {
    "PARTY": env.text("PANJARA_EXCHANGE_PARTY", "portal"),
    # The active signing key (private JWK). Older keys stay trusted by agencies by their kid.
    "KEY_FILE": Path(env.text("PANJARA_EXCHANGE_KEY_FILE", str(VAR_DIR / "keys" / "portal.jwk"))),
    "CLOCK_WINDOW_SECONDS": env.number("PANJARA_EXCHANGE_CLOCK_WINDOW", 300),
    "DEFAULT_TIMEOUT_MS": env.number("PANJARA_EXCHANGE_TIMEOUT_MS", 3000),
    "BREAKER_FAILURES": int(env.number("PANJARA_EXCHANGE_BREAKER_FAILURES", 5)),
    "BREAKER_COOLDOWN_SECONDS": env.number("PANJARA_EXCHANGE_BREAKER_COOLDOWN", 30),
    "MAX_ANSWER_BYTES": int(env.number("PANJARA_EXCHANGE_MAX_ANSWER_BYTES", 24 * 1024 * 1024)),
    # The outbox (applications, letters): retries double from the first delay up to the cap; an
    # attempt holds its row for the lease, after which a killed worker's row is taken up again.
    "OUTBOX_FIRST_RETRY_SECONDS": env.number("PANJARA_OUTBOX_FIRST_RETRY", 10),
    "OUTBOX_MAX_RETRY_SECONDS": env.number("PANJARA_OUTBOX_MAX_RETRY", 3600),
    "OUTBOX_LEASE_SECONDS": env.number("PANJARA_OUTBOX_LEASE", 60),
}

# R-C-5: how long the personal page keeps an agency's answer (shown when the agency is down).
PERSONAL_PAGE_KEEP_SECONDS = int(env.number("PANJARA_PERSONAL_PAGE_KEEP_SECONDS", 900))

# The document vault (R-V-1). Files are sealed with AES-256-GCM under a key kept out of the
# database: PANJARA_VAULT_KEY is 32 random bytes in URL-safe base64, e.g.
#   python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"
# After a rotation the previous keys stay in PANJARA_VAULT_RETIRED_KEYS (comma-separated) so old
# files still open. The demo key is public; production.py refuses it.
VAULT_DEMO_KEY = "aW5zZWN1cmUtZGVtby12YXVsdC1rZXktMzItYnl0ZXM="
VAULT_KEY = env.text("PANJARA_VAULT_KEY", VAULT_DEMO_KEY)
VAULT_RETIRED_KEYS = env.items("PANJARA_VAULT_RETIRED_KEYS", "")
VAULT_ROOT = Path(env.text("PANJARA_VAULT_ROOT", str(VAR_DIR / "vault")))
VAULT_QUOTA_BYTES = int(env.number("PANJARA_VAULT_QUOTA_BYTES", 200 * 1024 * 1024))
VAULT_MAX_FILE_BYTES = int(env.number("PANJARA_VAULT_MAX_FILE_BYTES", 10 * 1024 * 1024))
# Documents attached to one application or one answer to an agency (protocol §6.3: at most 5
# and 8 MiB of raw bytes per message, so a message stays well under the exchange's 24 MiB).
APPLICATION_MAX_ATTACHMENTS = int(env.number("PANJARA_APPLICATION_MAX_ATTACHMENTS", 5))
APPLICATION_MAX_ATTACHMENT_BYTES = int(
    env.number("PANJARA_APPLICATION_MAX_ATTACHMENT_BYTES", 8 * 1024 * 1024)
)

# Notification channels.
SMS = {
    # "development" keeps messages for the development mailbox (demo only); "http" posts to a provider.
    "GATEWAY": env.text("PANJARA_SMS_GATEWAY", "development"),
    "HTTP_URL": env.text("PANJARA_SMS_HTTP_URL", ""),
    "HTTP_TOKEN": env.text("PANJARA_SMS_HTTP_TOKEN", ""),
    "HTTP_SENDER": env.text("PANJARA_SMS_SENDER", "Panjara"),
    "HTTP_TIMEOUT_SECONDS": env.number("PANJARA_SMS_HTTP_TIMEOUT", 10),
}
NOTIFICATIONS = {
    "MAX_ATTEMPTS": int(env.number("PANJARA_NOTIFY_MAX_ATTEMPTS", 6)),
    "BACKOFF_BASE_SECONDS": env.number("PANJARA_NOTIFY_BACKOFF_BASE", 10),
    # R-C-5: how long a delivered (or abandoned) message keeps its text, which can hold codes.
    "KEEP_TEXT_SECONDS": env.number("PANJARA_NOTIFY_KEEP_TEXT_SECONDS", 24 * 3600),
}
EMAIL_BACKEND = env.text("PANJARA_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.text("PANJARA_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(env.number("PANJARA_EMAIL_PORT", 25))
EMAIL_HOST_USER = env.text("PANJARA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env.text("PANJARA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env.flag("PANJARA_EMAIL_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.text("PANJARA_EMAIL_FROM", "Panjara <no-reply@panjara.example>")

# Contact details shown on the help page (R-P-5).
SUPPORT = {
    "PHONE": env.text("PANJARA_SUPPORT_PHONE", "+995 32 2 00 00 00"),
    "EMAIL": env.text("PANJARA_SUPPORT_EMAIL", "help@panjara.example"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.text("PANJARA_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
