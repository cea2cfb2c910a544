"""API answers that DRF's views do not give by themselves, in the API's one error format.

- `not_found`: the project's 404 handler. A URL under /api/ that no route matches (an id that
  is not a number, a country code of three letters) is a JSON 404 like every other API 404;
  elsewhere it is the portal's 404 page.
- `SearchFilter`: DRF's `?search=` whose refusal (a NUL character) names its parameter,
  `{"search": ["..."]}`, as every other filter does, instead of a bare list.
- Query parameters read as strictly as the schema declares them: no unknown parameter, pages by
  number only, booleans `true`/`false`, dates `YYYY-MM-DD`, no blank number, boolean, date or
  page; anything else is a 400 (404 for a page that is not a number) naming the parameter,
  never silently read as "no filter".
"""

import re

import django_filters
from django import forms
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from rest_framework import filters, pagination
from rest_framework.exceptions import ValidationError

API_PREFIX = "/api/"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
    return page_not_found(request, exception)


class SearchFilter(filters.SearchFilter):
    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except ValidationError as error:
            raise ValidationError({self.search_param: error.detail}) from error


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages by number only: `?page=last` (DRF's shortcut, which the schema's integer does not
    allow) is refused like any other page that is not a number, with a 404."""

    last_page_strings = ()


class StrictBooleanField(forms.Field):
    """`true` or `false` (any case), as the schema's boolean says; anything else is a field
    error instead of being read as "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "false"):
            return text == "true"
        raise forms.ValidationError(_("Enter true or false."), code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class IntegerFilter(django_filters.NumberFilter):
    """A whole number, as the schema says (`?trl=7`; `?trl=7.5` is a 400)."""

    field_class = forms.IntegerField


class IsoDateField(forms.DateField):
    """A date written as the schema's `format: date` (RFC 3339 full-date, 2026-03-01) only."""

    def to_python(self, value):
        if value not in self.empty_values and not ISO_DATE.fullmatch(str(value)):
            raise forms.ValidationError(
                _("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."), code="invalid"
            )
        return super().to_python(value)


class DateFilter(django_filters.DateFilter):
    field_class = IsoDateField


class KnownParametersFilter(filters.BaseFilterBackend):
    """A list read refuses query parameters it does not know (a typo such as `?contry=KE`, or a
    parameter sent in a form the schema does not describe) with a 400 naming them, instead of
    answering the unfiltered list as if the filter had been applied."""

    ALWAYS_KNOWN = frozenset({"format"})

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        unknown = sorted(set(request.query_params) - self.known_parameters(request, view))
        if unknown:
            raise ValidationError(
                {name: [_("This parameter is not known here.")] for name in unknown}
            )
        blank = sorted(
            name for name in self.typed_parameters(view) if "" in request.query_params.getlist(name)
        )
        if blank:
            raise ValidationError(
                {name: [_("Give a value, or leave the parameter out.")] for name in blank}
            )
        return queryset

    TYPED_FILTERS = (
        django_filters.NumberFilter,
        django_filters.BooleanFilter,
        django_filters.DateFilter,
        django_filters.DateTimeFilter,
    )

    def typed_parameters(self, view) -> set[str]:
        """The parameters whose schema is a number, a boolean or a date: a blank value is not
        one (a blank text or choice filter still means "any")."""
        typed = set()
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None:
            typed.update(
                name
                for name, filter_ in filterset_class.base_filters.items()
                if isinstance(filter_, self.TYPED_FILTERS)
            )
        paginator = getattr(view, "paginator", None)
        if paginator is not None:
            typed.update(
                name
                for name in (
                    paginator.page_query_param,
                    getattr(paginator, "page_size_query_param", None),
                )
                if name
            )
        return typed

    def known_parameters(self, request, view) -> set[str]:
        known = set(self.ALWAYS_KNOWN)
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None:
            known.update(filterset_class.base_filters)
        known.update(getattr(view, "filterset_fields", None) or ())
        for backend in getattr(view, "filter_backends", ()):
            if issubclass(backend, filters.SearchFilter):
                known.add(backend.search_param)
            elif issubclass(backend, filters.OrderingFilter):
                known.add(backend.ordering_param)
        paginator = getattr(view, "paginator", None)
        if paginator is not None:
            for attribute in ("page_query_param", "page_size_query_param"):
                name = getattr(paginator, attribute, None)
                if name:
                    known.add(name)
        return known
