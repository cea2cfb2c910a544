"""Public pages of the transfer cases: technologies taken to partner countries and their impact.

Transfer cases are curated by staff and all public (see `selectors.transfer_case_list`); the
queryset is the permission decision. A case's technology is linked only while it is published
in the pool; otherwise only the case is shown.
"""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django_countries import countries

from greentech.core.models import localized

from .. import selectors
from ..models import PUBLISHED_STATES, TransferCase

CASES_PER_PAGE = 20
QUERY_MAX_LENGTH = 200


class TransferCaseSearchForm(forms.Form):
    """The directory's GET form. A bad value invalidates only its own field, which is then
    ignored and named on the page."""

    q = forms.CharField(
        label=_("Search the transfer cases"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text=_("Words of the title, the description, the partner or the technology."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, country_codes, years, **kwargs):
        super().__init__(data, **kwargs)
        named = sorted(
            ((code, str(countries.name(code)) or code) for code in country_codes),
            key=lambda pair: pair[1],
        )
        self.fields["country"].choices = [("", _("All countries")), *named]
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, str(year)) for year in sorted(years, reverse=True)
        ]

    def filters(self) -> tuple[dict, list[str]]:
        """The valid filters and, for every ignored one, a message saying why."""
        self.is_valid()
        data = self.cleaned_data
        filters = {
            "q": data.get("q", "").strip(),
            "country": data.get("country", ""),
            "year": data.get("year"),
        }
        ignored = [
            _("%(filter)s: %(error)s This filter was ignored.")
            % {"filter": self.fields[name].label, "error": " ".join(errors)}
            for name, errors in self.errors.items()
        ]
        return filters, ignored


def filter_cases(queryset: QuerySet[TransferCase], filters: dict) -> QuerySet[TransferCase]:
    if filters["q"]:
        text = filters["q"]
        queryset = queryset.filter(
            Q(title__icontains=text)
            | Q(title_zh__icontains=text)
            | Q(description__icontains=text)
            | Q(description_zh__icontains=text)
            | Q(partner__name__icontains=text)
            | Q(technology__name__icontains=text, technology__status__in=PUBLISHED_STATES)
        )
    if filters["country"]:
        queryset = queryset.filter(country=filters["country"])
    if filters["year"] is not None:
        queryset = queryset.filter(year=filters["year"])
    return queryset.order_by(F("year").desc(nulls_last=True), "title", "pk")


def _query(filters: dict, page: int | None = None) -> str:
    """The query string that reproduces these filters (and a page): "?..." or ""."""
    pairs = [(name, filters[name]) for name in ("q", "country", "year") if filters[name]]
    if page and page > 1:
        pairs.append(("page", page))
    return f"?{urlencode(pairs)}" if pairs else ""


def _with_texts(cases):
    for case in cases:
        case.display_description = localized(case, "description")
        technology = case.technology
        case.pool_technology = (
            technology if technology is not None and technology.is_published else None
        )
    return cases


@require_safe
def transfer_case_list(request):
    """The directory: search, filter by country and year, each case with its indicators."""
    choices = set(TransferCase.objects.order_by().values_list("country", "year").distinct())
    form = TransferCaseSearchForm(
        request.GET,
        country_codes={country for country, _year in choices if country},
        years={year for _country, year in choices if year},
    )
    filters, ignored = form.filters()
    paginator = Paginator(filter_cases(selectors.transfer_case_list(), filters), CASES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    list_url = reverse("transfers:list")
    context = {
        "form": form,
        "filters": filters,
        "ignored_filters": ignored,
        "page_obj": page,
        "cases": _with_texts(list(page.object_list)),
        "is_filtered": any(filters.values()),
        "previous_url": (
            list_url + _query(filters, page.previous_page_number()) if page.has_previous() else ""
        ),
        "next_url": list_url + _query(filters, page.next_page_number()) if page.has_next() else "",
    }
    return render(request, "technologies/transfer_list.html", context)


@require_safe
def transfer_case_detail(request, slug):
    case = get_object_or_404(selectors.transfer_case_list(), slug=slug)
    _with_texts([case])
    return render(request, "technologies/transfer_detail.html", {"case": case})
