"""Passwords are stored with Argon2id at OWASP's parameters (identity issue, section 3): the test
settings use a fast hasher, so this checks the production one directly."""

from panjara.identity.hashers import OwaspArgon2idHasher
from panjara.settings import base


def test_the_portal_hashes_passwords_with_argon2id_at_owasp_parameters():
    assert base.PASSWORD_HASHERS == ["panjara.identity.hashers.OwaspArgon2idHasher"]
    encoded = OwaspArgon2idHasher().encode("ein langes Passwort ფანჯარა", OwaspArgon2idHasher().salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert OwaspArgon2idHasher().verify("ein langes Passwort ფანჯარა", encoded)
    assert not OwaspArgon2idHasher().verify("ein langes Passwort", encoded)
