"""Production: everything the demo allows that a real deployment must not."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

DEBUG = False
if env.flag("PANJARA_DEMO_MODE", False):
    raise ImproperlyConfigured("PANJARA_DEMO_MODE cannot be set in production")
DEMO_MODE = False
if SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("PANJARA_SECRET_KEY must be set in production")

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
# The development SMS gateway and mailbox exist only in demo mode.
SMS = {**SMS, "GATEWAY": env.text("PANJARA_SMS_GATEWAY", "http")}  # noqa: F405
if SMS["GATEWAY"] != "http":
    raise ImproperlyConfigured("production sends SMS only through the HTTP gateway")
