"""The hall operator's workspace (R-ID-2, R-ID-3, R-ID-7): look the person up in the civil
registry, record the document checked and the e-mail, open the account with a one-time password
(or issue a new one to someone already registered), and print the application to sign.

Every page here shows a citizen's data, and the result page a password: none may be cached."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from panjara.identity.models import User
from panjara.identity.selectors import person_by_number
from panjara.identity.services.accounts import (
    ONE_TIME_PASSWORD_LIFETIME,
    IssuedPassword,
    RegistrationError,
    citizen_register,
    one_time_password_reissue,
)

from .access import hall_operator_required
from .forms import ApplicationLanguageForm, DocumentForm, LookupForm, RegistrationForm
from .hall import (
    Kind,
    lookup_forget,
    lookup_get,
    lookup_keep,
    printable_get,
    printable_keep,
)
from .registry import RegistryPerson, registry_person_lookup
from .services import application_print_log


def _account_of(person: RegistryPerson) -> User | None:
    known = person_by_number(personal_number=person.personal_number)
    return getattr(known, "account", None) if known else None


def _lookup_or_restart(request) -> RegistryPerson | None:
    person = lookup_get(request)
    if person is None:
        messages.info(request, _("Look the person up in the civil registry first."))
    return person


@never_cache
@require_http_methods(["GET", "POST"])
@hall_operator_required
def lookup(request):
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = registry_person_lookup(
            personal_number=form.cleaned_data["personal_number"], operator=request.user
        )
        if result.status == "found":
            lookup_keep(request, person=result.person)
            return redirect("backoffice:hall_person")
        if result.status == "not_found":
            form.add_error(
                "personal_number",
                _(
                    "The civil registry has no person with this personal number. "
                    "Check the number on the document and try again."
                ),
            )
        else:
            form.add_error(
                None,
                _(
                    "The civil registry did not answer, so the person could not be checked. "
                    "Nothing was saved. Try again in a minute."
                ),
            )
    return render(request, "backoffice/hall/lookup.html", {"form": form, "hall": request.hall})


@never_cache
@require_http_methods(["GET", "POST"])
@hall_operator_required
def person(request):
    """The registry's record next to the registration form: the operator compares the photo and
    the document with the citizen in front of them, then confirms."""
    registry = _lookup_or_restart(request)
    if registry is None:
        return redirect("backoffice:hall")
    account = _account_of(registry)
    form = RegistrationForm(request.POST or None, registry_person=registry) if registry.alive else None
    already_registered = account is not None
    if request.method == "POST" and form is not None and not already_registered and form.is_valid():
        try:
            issued = citizen_register(
                person=registry.person_data(),
                email=form.cleaned_data["email"],
                document=form.document(),
                operator=request.user,
                hall_code=request.hall.code,
                language=form.cleaned_data["language"],
            )
        except RegistrationError as error:
            if error.code == "email_taken":
                form.add_error(
                    "email",
                    _(
                        "This e-mail address is already the username of another account. "
                        "Ask the citizen for another address."
                    ),
                )
            else:
                already_registered = True
        else:
            return _issued(request, issued=issued, registry=registry, kind=Kind.REGISTRATION, form=form)
    return render(
        request,
        "backoffice/hall/person.html",
        {
            "hall": request.hall,
            "registry": registry,
            "form": None if already_registered else form,
            "already_registered": already_registered,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@hall_operator_required
def reissue(request):
    """R-ID-7: someone already registered lost their password or factor; after checking their
    document the operator gives them a new one-time password."""
    registry = _lookup_or_restart(request)
    if registry is None:
        return redirect("backoffice:hall")
    account = _account_of(registry)
    if account is None:
        return redirect("backoffice:hall_person")
    form = DocumentForm(request.POST or None, registry_person=registry)
    if request.method == "POST" and form.is_valid():
        issued = one_time_password_reissue(
            user=account, operator=request.user, hall_code=request.hall.code, document=form.document()
        )
        return _issued(request, issued=issued, registry=registry, kind=Kind.RESET, form=form)
    return render(
        request,
        "backoffice/hall/reissue.html",
        {"hall": request.hall, "registry": registry, "account": account, "form": form},
    )


def _issued(request, *, issued: IssuedPassword, registry: RegistryPerson, kind: str, form: DocumentForm):
    """The one time the password is shown: rendered into this response and kept nowhere."""
    lookup_forget(request)
    printable_keep(request, account_id=issued.user.pk, kind=kind, document=form.document())
    return render(
        request,
        "backoffice/hall/issued.html",
        {
            "hall": request.hall,
            "registry": registry,
            "issued": issued,
            "kind": kind,
            "is_reset": kind == Kind.RESET,
            "lifetime_hours": int(ONE_TIME_PASSWORD_LIFETIME.total_seconds() // 3600),
            "language_form": ApplicationLanguageForm(auto_id="application_%s"),
        },
    )


@never_cache
@require_http_methods(["GET"])
@hall_operator_required
def application(request, account_id: int):
    """The application to sign, as a PDF attachment; only from the session that registered the
    person, and only shortly afterwards."""
    printable = printable_get(request, account_id=account_id)
    account = User.objects.select_related("person").filter(pk=account_id).first() if printable else None
    if account is None or account.person is None:
        return render(request, "backoffice/hall/application_gone.html", {"hall": request.hall}, status=404)
    # Imported here: WeasyPrint is heavy to load and only this page needs it.
    from .pdf import application_pdf

    language_form = ApplicationLanguageForm(request.GET or None)
    language = language_form.cleaned_data["language"] if language_form.is_valid() else "ka"
    pdf = application_pdf(
        account=account,
        operator=request.user,
        hall=request.hall,
        kind=printable["kind"],
        document=printable["document"],
        done_at=printable["at"],
        language=language,
    )
    application_print_log(
        operator=request.user, account=account, hall=request.hall, kind=printable["kind"], language=language
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = "reset" if printable["kind"] == Kind.RESET else "registration"
    response["Content-Disposition"] = f'attachment; filename="panjara-{name}-application-{language}.pdf"'
    return response
