"""The escalation assistant's page (issue 5 §4): for a refused or overdue letter, the complaint to
the superior body (or a court claim outline) with its evidence, editable, to send through the
portal or to download as a PDF. Server-rendered, no JavaScript: one form, two buttons."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from panjara.applications.forms import show_errors

from .complaints import complaint_send
from .escalation import complaint_sent, complaint_subject, complaint_text, escalable_letter, evidence_of
from .evidence_pdf import evidence_name, evidence_pdf
from .forms import ComplaintForm
from .services import LetterRefused


@login_required
@require_http_methods(["GET", "POST"])
def complaint(request, letter_id):
    letter = escalable_letter(user=request.user, letter_id=letter_id)
    evidence = evidence_of(letter=letter)
    language = get_language() or "ka"
    if request.method == "GET":
        form = ComplaintForm(initial={"text": complaint_text(evidence)})
    else:
        form = ComplaintForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["text"].replace("\r\n", "\n")
            if request.POST.get("action") == "download":
                response = HttpResponse(
                    evidence_pdf(letter=letter, text=text, language=language), content_type="application/pdf"
                )
                response["Content-Disposition"] = f'attachment; filename="{evidence_name(letter)}"'
                return response
            try:
                sent = complaint_send(
                    letter=letter, text=text, idempotency_key=request.POST.get("key", ""), language=language
                )
            except LetterRefused as refused:
                show_errors(form, refused.errors)
            else:
                messages.success(
                    request,
                    _("Your complaint was sent to %(body)s and registered under the number %(reference)s.")
                    % {"body": sent.body.name, "reference": sent.reference},
                )
                return redirect("correspondence:detail", letter_id=sent.pk)
    return render(
        request,
        "correspondence/complaint/page.html",
        {
            "letter": letter,
            "evidence": evidence,
            "subject": complaint_subject(evidence),
            "form": form,
            "sent": complaint_sent(letter=letter),
            "key": request.POST.get("key", "") if request.method == "POST" else secrets.token_hex(16),
        },
        status=400 if form.errors else 200,
    )
