"""Public joint laboratory pages: the directory and one page per lab.

Every lab is public, planned and closed ones included (labs/rules.py: `labs.browse_labs`).
The list uses the API's filter set (labs/api.py), so the page and the endpoint take the same
parameters.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from centres.views import directory_context
from greentech.core.models import localized

from . import selectors
from .api import JointLabFilter


@require_safe
def lab_list(request):
    filterset = JointLabFilter(
        request.GET or None, queryset=selectors.joint_lab_list().order_by("name")
    )
    context = directory_context(
        request,
        filterset,
        page_fields=("q", "country", "area", "status"),
        country_codes=selectors.lab_ids_by_country().keys(),
    )
    return render(request, "labs/lab_list.html", context)


@require_safe
def lab_detail(request, slug):
    lab = get_object_or_404(selectors.joint_lab_page(), slug=slug)
    context = {
        "lab": lab,
        "description": localized(lab, "description"),
        "partners": list(lab.partners.all()),
        "research_areas": list(lab.research_areas.all()),
        "outputs": list(lab.outputs.all()),
    }
    return render(request, "labs/lab_detail.html", context)
