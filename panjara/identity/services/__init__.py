"""Writes of the identity app, one module per concern: accounts and their passwords, verification
codes, signing in, sessions, the authenticator app and contacts. Import from the module."""
