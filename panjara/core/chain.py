"""Appending to and verifying hash chains (see ChainedRecord)."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connections, models, router, transaction

from .models import ChainedRecord, ChainHead

GENESIS = "0" * 64
_AS_THEY_ARE = frozenset({str, int, float, bool})
Record = TypeVar("Record", bound=ChainedRecord)


def _canonical(value: Any) -> Any:
    if value is None or type(value) in _AS_THEY_ARE:
        return value  # most values of a row: the checks below would return them unchanged
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def link_hash(*, prev_hash: str, seq: int, values: dict) -> str:
    body = json.dumps(
        {"seq": seq, **_canonical(values)}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(prev_hash.encode("ascii") + body.encode("utf-8")).hexdigest()


def append(records: Iterable[Record], *, ids: bool = True) -> list[Record]:
    """Link and save unsaved ChainedRecords, each chain's in the given order, in the caller's
    transaction (or a new one). Holding the heads' row locks keeps each chain's links in one line.

    Records of several chains (a page's message-log rows and their audit events) go in one call:
    their heads are locked with one statement, where a call per chain would cost a locked read
    and a write of its head each. A caller that does not need the saved rows' database ids passes
    `ids=False`: the rows are then written with one prepared statement instead of Django's
    bulk_create (`_insert`)."""
    records = list(records)
    if not records:
        return records
    by_chain: dict[str, list[Record]] = {}
    model_of: dict[str, type[ChainedRecord]] = {}
    for record in records:
        model = type(record)
        if model_of.setdefault(model.CHAIN, model) is not model:
            raise TypeError(f"two models claim the chain {model.CHAIN!r}")
        by_chain.setdefault(model.CHAIN, []).append(record)
    with transaction.atomic():
        heads = _locked_heads(sorted(by_chain))
        for name, chain_records in by_chain.items():
            head = heads[name]
            for record in chain_records:
                head.seq += 1
                record.seq = head.seq
                record.prev_hash = head.last_hash
                record.row_hash = link_hash(
                    prev_hash=head.last_hash, seq=head.seq, values=record.chained_values()
                )
                head.last_hash = record.row_hash
            if ids:
                model_of[name].objects.bulk_create(chain_records)
            else:
                _insert(model_of[name], chain_records)
        _heads_write(heads[name] for name in by_chain)
    return records


def _insert(model: type[ChainedRecord], records: list[Record]) -> None:
    """The rows as bulk_create would write them (each field's own conversion for the database,
    defaults and auto_now included), without building a query per batch: on the personal page's
    45 rows bulk_create's per-row work was most of the log's cost (docs/performance.md). An
    auto-increment id is left to the database and not read back."""
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not getattr(f, "db_returning", False)]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model, values as parameters)
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    plain = [_PLAIN_FIELDS.get(type(field)) for field in fields]
    rows = [_db_values(record, fields, plain, connection) for record in records]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# Field classes whose values of one plain type go to every database as they are: their own
# conversion (`get_db_prep_save`) would return them unchanged. Exactly these classes, not
# subclasses, which may convert; any other value (a bool in an integer field, a number in a text
# field) still takes the field's own conversion.
_PLAIN_FIELDS: dict[type[models.Field], type] = {
    models.CharField: str,
    models.TextField: str,
    models.IntegerField: int,
    models.PositiveIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveBigIntegerField: int,
}


def _db_values(record: ChainedRecord, fields: list, plain: list[type | None], connection) -> list:
    values = []
    for field, plain_type in zip(fields, plain, strict=True):
        value = getattr(record, field.attname)
        if not (plain_type is not None and (value is None or type(value) is plain_type)):
            value = field.get_db_prep_save(field.pre_save(record, True), connection)
        values.append(value)
    return values


def _heads_write(heads: Iterable[ChainHead]) -> None:
    """Each head's new end with one prepared statement (the ORM's update built a query per
    head)."""
    connection = connections[router.db_for_write(ChainHead)]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} = %s, {} = %s WHERE {} = %s".format(  # noqa: S608 (names from the model)
        quote(ChainHead._meta.db_table), quote("seq"), quote("last_hash"), quote("name")
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(head.seq, head.last_hash, head.name) for head in heads])


def _locked_heads(names: list[str]) -> dict[str, ChainHead]:
    # Sorted names: two appenders lock the heads they share in the same order (no deadlock on
    # PostgreSQL). A chain's first append creates its head; a racing creator is ignored.
    locked = ChainHead.objects.select_for_update().filter(name__in=names).order_by("name")
    heads = {head.name: head for head in locked}
    if len(heads) < len(names):
        ChainHead.objects.bulk_create(
            [ChainHead(name=name) for name in names if name not in heads], ignore_conflicts=True
        )
        heads = {head.name: head for head in locked.all()}
    return heads


@dataclass(frozen=True)
class ChainReport:
    chain: str
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(model: type[ChainedRecord], *, batch: int = 2000) -> ChainReport:
    """Walk the chain from the start and name the first broken link, if any."""
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    for record in model.objects.order_by("seq").iterator(chunk_size=batch):
        if record.seq != expected_seq:
            return ChainReport(model.CHAIN, checked, expected_seq, f"link {expected_seq} is missing")
        if record.prev_hash != prev_hash:
            return ChainReport(model.CHAIN, checked, record.seq, "does not follow the link before it")
        if link_hash(prev_hash=prev_hash, seq=record.seq, values=record.chained_values()) != record.row_hash:
            return ChainReport(model.CHAIN, checked, record.seq, "contents were changed")
        expected_seq, prev_hash, checked = record.seq + 1, record.row_hash, checked + 1
    head = ChainHead.objects.filter(name=model.CHAIN).first()
    head_seq, head_hash = (head.seq, head.last_hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != prev_hash:
        return ChainReport(model.CHAIN, checked, checked + 1, f"links after {checked} were removed")
    return ChainReport(model.CHAIN, checked)
