import pytest

from panjara.audit.services import Actor
from panjara.exchange.keys import portal_signing_key
from panjara.exchange.services import agency_register

from .agency import TestAgency

ADMIN = Actor(kind="staff", id="1", label="admin@test")


@pytest.fixture
def agency(db):
    test_agency = TestAgency(code="testreg", portal_key=portal_signing_key().public_jwk()).start()
    agency_register(
        code="testreg",
        name_ka="სატესტო რეესტრი",
        name_en="Test registry",
        base_url=test_agency.base_url,
        timeout_ms=400,
        public_jwks=[test_agency.key.public_jwk()],
        by=ADMIN,
    )
    yield test_agency
    test_agency.stop()
