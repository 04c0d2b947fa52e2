"""The audit log is append-only in effect: editing, deleting or reordering a row is detected, and
the verify command names the first broken link."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from panjara.audit.models import AuditEvent
from panjara.audit.services import Actor, audit_record
from panjara.core.chain import verify

OPERATOR = Actor(kind="staff", id="7", label="operator@hall")


@pytest.fixture
def five_events(db):
    for n in range(5):
        audit_record(
            actor=OPERATOR, action="person.looked_up", subject_person=f"0100100000{n}", purpose="registration"
        )


def _broken():
    with pytest.raises(CommandError) as error:
        call_command("verify_chains", chain="audit")
    return str(error.value)


def test_an_intact_chain_verifies(five_events):
    assert verify(AuditEvent).intact
    call_command("verify_chains", chain="audit")


def test_an_edited_row_is_named(five_events):
    AuditEvent.objects.filter(seq=3).update(subject_person="99999999999")
    assert _broken() == "audit: broken at link 3: contents were changed"


def test_a_deleted_row_in_the_middle_is_named(five_events):
    AuditEvent.objects.filter(seq=2).delete()
    assert _broken() == "audit: broken at link 2: link 2 is missing"


def test_deleting_the_last_rows_is_noticed(five_events):
    AuditEvent.objects.filter(seq__gte=4).delete()
    assert _broken() == "audit: broken at link 4: links after 3 were removed"


def test_reordered_rows_are_noticed(five_events):
    two, four = AuditEvent.objects.get(seq=2), AuditEvent.objects.get(seq=4)
    AuditEvent.objects.filter(pk=two.pk).update(seq=1000)
    AuditEvent.objects.filter(pk=four.pk).update(seq=2)
    AuditEvent.objects.filter(pk=two.pk).update(seq=4)
    assert _broken().startswith("audit: broken at link 2")


def test_a_rewritten_chain_from_a_row_on_is_still_caught_by_the_row_after(five_events):
    # Someone recomputes row 3's own hash after editing it: row 4 still points at the old one.
    from panjara.core.chain import link_hash

    row = AuditEvent.objects.get(seq=3)
    row.purpose = "curiosity"
    new_hash = link_hash(prev_hash=row.prev_hash, seq=3, values=row.chained_values())
    AuditEvent.objects.filter(pk=row.pk).update(purpose="curiosity", row_hash=new_hash)
    assert _broken() == "audit: broken at link 4: does not follow the link before it"


def test_an_event_exists_only_if_its_change_does(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=OPERATOR, action="person.registered", subject_person="01001000001")
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.exists()
    assert verify(AuditEvent).intact
