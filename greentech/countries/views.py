"""Public country pages: the countries the network cooperates with, and one page per country.

Anyone may see them (they hold counts and organisations, no personal data: trainees and
delegates appear as numbers per cohort and per event).
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries

from . import selectors


@require_safe
def country_index(request):
    rows = [
        {"code": code, "name": str(countries.name(code)), "cooperation": cooperation}
        for code, cooperation in selectors.cooperation_by_country().items()
    ]
    rows.sort(key=lambda row: row["name"])
    return render(request, "countries/country_index.html", {"rows": rows})


@require_safe
def country_detail(request, code):
    """One country by its ISO alpha-2 code, in any case; an unknown code is a 404."""
    if not selectors.is_country_code(code):
        raise Http404(_("There is no country with this code."))
    profile = selectors.country_profile(code)
    return render(
        request,
        "countries/country_detail.html",
        {"profile": profile, "cooperation": profile.cooperation},
    )
