"""How an agency is reached (ADR 0006): its own system at a base URL, or the portal's agency desk,
which needs none. An agency with its own system cannot be registered without an address."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from panjara.audit.services import PORTAL
from panjara.exchange.models import Agency
from panjara.exchange.selectors import agency_channel
from panjara.exchange.services import agency_register

pytestmark = pytest.mark.django_db


def test_an_agency_served_at_the_desk_needs_no_address():
    agency = agency_register(
        code="tbilisi",
        name_ka="თბილისის მერია",
        name_en="Tbilisi City Hall",
        base_url="",
        channel="desk",
        by=PORTAL,
    )
    agency.full_clean()
    assert agency_channel(code="tbilisi") == "desk"
    assert agency_channel(code="nobody") == ""


def test_an_agency_with_its_own_system_needs_its_address():
    with pytest.raises(ValueError, match="needs a base URL"):
        agency_register(code="civreg", name_ka="რეესტრი", name_en="Registry", base_url="", by=PORTAL)
    with pytest.raises(ValidationError) as refused:
        Agency(code="civreg", name_ka="რეესტრი", name_en="Registry", base_url="").full_clean()
    assert "base_url" in refused.value.message_dict
    # The database refuses it too, whatever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(code="civreg", name_ka="რეესტრი", name_en="Registry", base_url="")
    assert not Agency.objects.filter(code="civreg").exists()
