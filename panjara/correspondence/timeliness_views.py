"""The public timeliness page of a body (issue 5 §5): open to everyone, no sign-in, aggregates
only (timeliness.py). The period is chosen with a plain GET form: the last twelve months, or a
year."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from panjara.core import clock
from panjara.deadlines.selectors import local_date

from .selectors import body_of
from .timeliness import body_timeliness, period_of, years_with_requests

LAST_TWELVE_MONTHS = "12m"


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(LAST_TWELVE_MONTHS, _("The last 12 months"))] + [
            (str(year), str(year)) for year in years
        ]

    def year(self) -> int | None:
        chosen = self.cleaned_data.get("period") if self.is_valid() else ""
        return int(chosen) if chosen and chosen != LAST_TWELVE_MONTHS else None


@require_GET
def body_timeliness_page(request, code: str):
    body = body_of(code=code)
    today = local_date(clock.now())
    form = PeriodForm(request.GET or None, years=years_with_requests(body=body, today=today))
    stats = body_timeliness(
        body=body,
        period=period_of(year=form.year() if form.is_bound else None, today=today),
        today=today,
        language=get_language() or "ka",
    )
    return render(
        request,
        "correspondence/timeliness.html",
        {"body": body, "form": form, "stats": stats},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
