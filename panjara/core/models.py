from functools import cache

from django.db import models


class ChainHead(models.Model):
    """The last link of each hash chain (message log, audit log). Appenders lock this row, so links
    are added one at a time across processes and machines; it also lets the verifier notice rows
    cut off the end of a chain."""

    name = models.CharField(max_length=64, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.name}@{self.seq}"


class ChainedRecord(models.Model):
    """An append-only row in a hash chain: row_hash = SHA-256(prev_hash ‖ canonical JSON of the
    row). Changing, deleting or reordering rows breaks the chain at the first changed link."""

    CHAIN: str = ""

    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    row_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        abstract = True
        ordering = ["seq"]

    def chained_values(self) -> dict:
        """The fields the hash covers: every concrete field but the id and the chain fields."""
        return {name: getattr(self, name) for name in _chained_names(type(self))}


@cache
def _chained_names(model: type[ChainedRecord]) -> tuple[str, ...]:
    # Once per model: a page appends 45 records, and walking `_meta` for each cost more than the
    # hashing itself.
    skip = {"id", "seq", "prev_hash", "row_hash"}
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname not in skip)


class PeriodicJob(models.Model):
    """When a periodic job was last put on the queue. Schedulers on several machines lock the row,
    so a job is enqueued once per period however many schedulers run."""

    name = models.CharField(max_length=100, primary_key=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
