"""Reads of the desk. Every lookup is scoped to the official's agency: another agency's case is
simply not found (404), so case numbers reveal nothing across agencies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _

from panjara.applications.forms import form_fields
from panjara.exchange.models import Agency

from .attachments import attachment_unseal
from .models import DeskAttachment, DeskCase, DeskLetterAttachment


def desk_queue(*, agency: Agency, status: str = "") -> list[DeskCase]:
    """The agency's cases, oldest first: the open ones, or those in one status."""
    cases = DeskCase.objects.filter(agency=agency).select_related("service", "assigned_to")
    cases = cases.filter(status=status) if status else cases.filter(status__in=DeskCase.OPEN)
    return list(cases.order_by("received_at", "id"))


def desk_counts(*, agency: Agency) -> dict[str, int]:
    """How many of the agency's cases are in each status (every status, zeros included)."""
    counted = dict(
        DeskCase.objects.filter(agency=agency)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counted.get(status, 0) for status in DeskCase.Status.values}


def desk_case_of(*, agency: Agency, number: str) -> DeskCase:
    try:
        return DeskCase.objects.select_related("agency", "service", "assigned_to").get(
            agency=agency, number=number
        )
    except DeskCase.DoesNotExist as missing:
        raise Http404 from missing


def desk_attachment_of(*, case: DeskCase, attachment_id) -> DeskAttachment:
    try:
        return DeskAttachment.objects.get(case=case, pk=attachment_id)
    except (DeskAttachment.DoesNotExist, ValueError) as missing:
        raise Http404 from missing


def desk_attachment_read(*, attachment: DeskAttachment | DeskLetterAttachment) -> bytes:
    return attachment_unseal(
        attachment_id=attachment.pk, key_id=attachment.key_id, sealed=bytes(attachment.sealed)
    )


@dataclass(frozen=True)
class Row:
    label: str
    value: Any


def desk_case_rows(*, case: DeskCase) -> list[Row]:
    """The application's data under the form's own labels (x-labels), in the active language;
    values the form does not describe are shown under their names, never hidden."""
    data = case.data if isinstance(case.data, dict) else {}
    rows, shown = [], set()
    for spec in form_fields(case.form_schema or {}):
        shown.add(spec.name)
        if spec.name not in data or data[spec.name] is None:
            continue
        value = data[spec.name]
        if spec.kind == "choice":
            value = dict(spec.choices).get(str(value), value)
        elif spec.kind == "flag":
            value = _("Yes") if value else _("No")
        rows.append(Row(spec.label, value))
    rows += [Row(name, value) for name, value in data.items() if name not in shown]
    return rows


def desk_case_files(*, case: DeskCase) -> list[DeskAttachment]:
    """The case's files without their (sealed) bytes."""
    return list(case.attachments.defer("sealed").order_by("received_at", "name"))
