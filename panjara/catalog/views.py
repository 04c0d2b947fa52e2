"""The catalog is public: anyone may browse and search it. Favourites need a signed-in account, and
every change to them is a POST that redirects back, so the pages work without JavaScript."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from . import selectors, services
from .categories import LABELS
from .models import Service


def catalog_list(request):
    categories = selectors.catalog_categories()
    return render(
        request,
        "catalog/list.html",
        {"categories": categories, "total": sum(category.count for category in categories)},
    )


def category(request, code: str):
    found = selectors.catalog_category(code=code)
    if found is None:
        raise Http404
    return render(request, "catalog/category.html", {"category": found})


def service(request, code: str):
    found = selectors.service_get(code=code)
    if found is None:
        raise Http404
    english = get_language() == "en"
    return render(
        request,
        "catalog/service.html",
        {
            "service": found,
            "category_label": LABELS[found.category],
            "agency_name": found.agency.name_en if english else found.agency.name_ka,
            "terms": found.terms_en if english else found.terms_ka,
            "is_favourite": found.code in selectors.favourite_codes(user=request.user),
        },
    )


def search(request):
    query = request.GET.get("q", "")
    result = selectors.service_search(query=query) if query.strip() else None
    return render(request, "catalog/search.html", {"query": query, "result": result})


@login_required
def favourites(request):
    return render(
        request, "catalog/favourites.html", {"favourites": selectors.favourite_services(user=request.user)}
    )


def _back(request, default: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@require_POST
@login_required
def favourite_add(request):
    code = request.POST.get("service", "")
    try:
        services.favourite_add(user=request.user, service_code=code)
    except Service.DoesNotExist:
        raise Http404 from None
    return _back(request, reverse("catalog:service", args=[code]))


@require_POST
@login_required
def favourite_remove(request):
    code = request.POST.get("service", "")
    services.favourite_remove(user=request.user, service_code=code)
    return _back(request, reverse("catalog:favourites"))


@require_POST
@login_required
def favourite_move(request):
    code, direction = request.POST.get("service", ""), request.POST.get("direction", "")
    if direction not in ("up", "down"):
        raise Http404
    moved = services.favourite_move(user=request.user, service_code=code, direction=direction)
    # Back to the moved item, so a keyboard or screen-reader user keeps their place in the list.
    return redirect(reverse("catalog:favourites") + (f"#favourite-{code}" if moved else ""))
