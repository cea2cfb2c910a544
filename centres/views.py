"""Public directory pages: centres of excellence and institutions, a list and a page each.

The lists use the filter sets of the API (centres/api.py), so a page and its endpoint take the
same parameters. A filter value that is not valid is ignored and named on the page; a page
number out of range shows the last page.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django_countries import countries

from greentech.core.models import localized

from . import selectors
from .api import CentreFilter, InstitutionFilter

RESULTS_PER_PAGE = 20


def country_choices(codes) -> list[tuple[str, str]]:
    """Choices for a country filter: the given codes, by name in the visitor's language (the
    filter adds its own empty choice)."""
    return sorted(((code, str(countries.name(code))) for code in set(codes)), key=lambda c: c[1])


def directory_context(request, filterset, *, page_fields, country_codes=None) -> dict:
    """Filter form, paginated results and the query string that keeps the filters, for a
    directory page. Only `page_fields` are offered (and applied) on the page; the country
    filter offers only the countries present in the directory."""
    form = filterset.form
    for name in list(form.fields):
        if name not in page_fields:
            del form.fields[name]
    if country_codes is not None and "country" in form.fields:
        form.fields["country"].choices = country_choices(country_codes)
    for field in form.fields.values():
        if hasattr(field, "queryset"):
            field.label_from_instance = lambda obj: localized(obj, "name")
    paginator = Paginator(filterset.qs, RESULTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    for name in list(kept):
        if name not in page_fields or not kept.get(name):
            kept.pop(name)
    return {
        "form": form,
        "invalid_filters": form.errors if form.is_bound else {},
        "filtered": bool(kept),
        "page_obj": page,
        "page_numbers": list(
            paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ),
        "ellipsis": paginator.ELLIPSIS,
        "results": list(page.object_list),
        "filter_query": kept.urlencode(),
    }


@require_safe
def centre_list(request):
    filterset = CentreFilter(request.GET or None, queryset=selectors.centre_directory())
    context = directory_context(
        request,
        filterset,
        page_fields=("q", "country", "area"),
        country_codes=selectors.countries_in(selectors.centre_list(), "host_institution__country"),
    )
    return render(request, "centres/centre_list.html", context)


@require_safe
def centre_detail(request, slug):
    centre = get_object_or_404(selectors.centre_page(), slug=slug)
    context = {
        "centre": centre,
        "mission": localized(centre, "mission"),
        "sub_centres": list(centre.sub_centres.all()),
        "focus_areas": list(centre.focus_areas.all()),
        "labs": sorted(centre.joint_labs.all(), key=lambda lab: lab.name),
    }
    return render(request, "centres/centre_detail.html", context)


@require_safe
def institution_list(request):
    filterset = InstitutionFilter(request.GET or None, queryset=selectors.institution_directory())
    context = directory_context(
        request,
        filterset,
        page_fields=("q", "country", "kind"),
        country_codes=selectors.countries_in(selectors.institution_list(), "country"),
    )
    return render(request, "centres/institution_list.html", context)


@require_safe
def institution_detail(request, slug):
    institution = get_object_or_404(selectors.institution_list(), slug=slug)
    context = {
        "institution": institution,
        "description": localized(institution, "description"),
        "record": selectors.institution_record(institution),
    }
    return render(request, "centres/institution_detail.html", context)
