"""The provider's signed link to confirm a pool entry is still current (yearly re-validation).

No login: the link in the e-mail is the credential. Opening it shows the entry and one button;
the confirmation is a POST, so a mail scanner that follows links confirms nothing.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ..models import Technology
from ..services.reminders import (
    RevalidationOutcome,
    read_revalidation_token,
    technology_revalidate,
)


def _invalid(request):
    return render(request, "technologies/revalidation_invalid.html", status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def revalidation_confirm(request, token: str):
    try:
        technology_id, confirms = read_revalidation_token(token)
    except signing.BadSignature:
        return _invalid(request)
    technology = Technology.objects.filter(pk=technology_id).select_related("provider").first()
    if technology is None:
        return _invalid(request)
    context = {"technology": technology, "confirms": confirms}
    if request.method != "POST":
        return render(request, "technologies/revalidation_confirm.html", context)
    try:
        technology, outcome = technology_revalidate(technology_id=technology.pk, confirms=confirms)
    except ValidationError as exc:
        context["error"] = " ".join(exc.messages)
        return render(request, "technologies/revalidation_confirm.html", context, status=409)
    context.update(
        technology=technology,
        already=outcome == RevalidationOutcome.ALREADY_CONFIRMED,
    )
    return render(request, "technologies/revalidation_done.html", context)
