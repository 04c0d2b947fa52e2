from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from . import selectors


def terms(request, version: int | None = None):
    """The terms of use in force (or an earlier version) in the page language, with the list of
    all published versions (R-C-2: the DEA changes the terms; people can see what changed)."""
    history = selectors.terms_history()
    current = history[0] if history else None
    shown = current
    if version is not None:
        shown = selectors.terms_version(version=version)
        if shown is None:
            raise Http404
    language = get_language()
    context = {
        "current": current,
        "shown": shown,
        "shown_text": shown.text_in(language) if shown else "",
        "shown_summary": shown.summary_in(language) if shown else "",
        "history": [
            {"terms": item, "summary": item.summary_in(language), "is_current": item == current}
            for item in history
        ],
    }
    return render(request, "consent/terms.html", context)
