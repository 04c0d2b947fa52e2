"""Production: everything the demo allows that a real deployment must not."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, SECRET_KEY_FALLBACKS, env

DEBUG = False
if env.flag("PANJARA_DEMO_MODE", False):
    raise ImproperlyConfigured("PANJARA_DEMO_MODE cannot be set in production")
DEMO_MODE = False
if SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("PANJARA_SECRET_KEY must be set in production")
if any(key.startswith("insecure-") for key in SECRET_KEY_FALLBACKS):
    raise ImproperlyConfigured("PANJARA_SECRET_KEY_FALLBACKS must not hold the development key in production")
# The demo vault key is public (it is in the source): files sealed with it are not protected.
if VAULT_KEY == VAULT_DEMO_KEY:  # noqa: F405
    raise ImproperlyConfigured("PANJARA_VAULT_KEY must be set in production")

SECURE_HSTS_SECONDS = int(env.number("PANJARA_HSTS_SECONDS", 63072000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = env.flag("PANJARA_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# The __Host- prefix binds a cookie to this exact host over HTTPS with Path=/ (no subdomain can set it).
SESSION_COOKIE_NAME = "__Host-session"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# The language choice too (ASVS V3.3.1, V3.3.3): Django sends it with Path=/ and no Domain, as
# the prefix requires, and no script reads it (V3.3.4). The browser tests run under dev/test
# settings and set "panjara_language".
LANGUAGE_COOKIE_NAME = "__Host-language"
LANGUAGE_COOKIE_PATH = "/"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# The development SMS gateway and mailbox exist only in demo mode.
SMS = {**SMS, "GATEWAY": env.text("PANJARA_SMS_GATEWAY", "http")}  # noqa: F405
if SMS["GATEWAY"] != "http":
    raise ImproperlyConfigured("production sends SMS only through the HTTP gateway")
