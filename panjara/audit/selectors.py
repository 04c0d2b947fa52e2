from django.db.models import QuerySet

from .models import AuditEvent


def audit_events_about(*, personal_number: str) -> QuerySet[AuditEvent]:
    """Every recorded use of a person's data, newest first ("who used my data")."""
    return AuditEvent.objects.filter(subject_person=personal_number).order_by("-seq")
