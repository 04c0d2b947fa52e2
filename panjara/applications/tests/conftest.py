import pytest


@pytest.fixture(autouse=True)
def vault_root(settings, tmp_path):
    """Attachments come from the vault: each test seals its files into its own folder."""
    settings.VAULT_ROOT = tmp_path / "vault"
    return settings.VAULT_ROOT
