import pytest


@pytest.fixture(autouse=True)
def vault_root(settings, tmp_path):
    """Every vault test seals its files into its own temporary folder."""
    settings.VAULT_ROOT = tmp_path / "vault"
    return settings.VAULT_ROOT


@pytest.fixture
def person_actor(citizen):
    from panjara.identity.services.accounts import person_actor

    return person_actor(citizen)
