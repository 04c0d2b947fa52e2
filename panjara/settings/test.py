"""The test suite. SQLite unless PANJARA_DATABASE_URL points at PostgreSQL (CI runs both)."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEMO_MODE = True
DEBUG = False
DATABASES = {
    "default": env.database(env.text("PANJARA_DATABASE_URL", "sqlite:///var/test.sqlite3"), base_dir=BASE_DIR)
}
# Argon2 at full cost in every test would only slow the suite; its parameters have their own test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# The test run's own exchange key, made by the root conftest on first use.
EXCHANGE = {**EXCHANGE, "KEY_FILE": BASE_DIR / "var" / "test-keys" / "portal.jwk"}  # noqa: F405
# Files the tests seal stay apart from the development vault (whose sweep would delete them).
VAULT_ROOT = BASE_DIR / "var" / "test-vault"
