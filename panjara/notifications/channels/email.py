from django.core.mail.backends.locmem import EmailBackend as DevMailboxEmailBackend

__all__ = ["DevMailboxEmailBackend"]
