"""API answers that DRF's views do not give by themselves, in the API's one error format.

- `not_found`: the project's 404 handler. A URL under /api/ that no route matches (an id that
  is not a number, a country code of three letters) is a JSON 404 like every other API 404;
  elsewhere it is the portal's 404 page.
- `SearchFilter`: DRF's `?search=` whose refusal (a NUL character) names its parameter,
  `{"search": ["..."]}`, as every other filter does, instead of a bare list.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from rest_framework import filters
from rest_framework.exceptions import ValidationError

API_PREFIX = "/api/"


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
