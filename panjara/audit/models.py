from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from panjara.core.models import ChainedRecord


class AuditEvent(ChainedRecord):
    """Who did what to whose data, why, and when. Written in the same transaction as the change it
    records; hash-chained so that a changed, removed or reordered row is detected. This is what the
    citizen's "who used my data" page reads."""

    CHAIN = "audit"

    class ActorKind(models.TextChoices):
        PERSON = "person", _("person")
        STAFF = "staff", _("staff member")
        AGENCY = "agency", _("agency")
        PORTAL = "portal", _("the portal")

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_kind = models.CharField(max_length=16, choices=ActorKind.choices)
    actor_id = models.CharField(max_length=64, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    # Set when the actor acts for someone else: a company, or a person under a power of attorney.
    acting_for = models.CharField(max_length=64, blank=True)
    subject_person = models.CharField(max_length=11, blank=True, db_index=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=128, blank=True)
    purpose = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta(ChainedRecord.Meta):
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.seq} {self.action}"
