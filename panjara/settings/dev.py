"""The embedded demo: `make run`. SQLite, demo agencies, the development mailbox."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.flag("PANJARA_DEBUG", True)
DEMO_MODE = env.flag("PANJARA_DEMO_MODE", True)
# In demo mode e-mail lands in the development mailbox unless an SMTP server is configured.
EMAIL_BACKEND = env.text(
    "PANJARA_EMAIL_BACKEND", "panjara.notifications.channels.email.DevMailboxEmailBackend"
)
