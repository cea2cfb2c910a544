"""Technology needs: a public directory, one page per need with the pool technologies that may
answer it, and the staff curators' confirm/dismiss buttons on that page.

A need the public may not see (unpublished) is a 404 for everyone but staff curators. Deciding
on a match is for staff curators only (`technologies.decide_need_match`): anonymous visitors go
to the log-in page, anyone else gets a 403; the service checks it again.
"""

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django_countries import countries
from rules.contrib.views import permission_required

from greentech.core.models import GreenArea

from .. import selectors, services
from ..exceptions import TechnologyError
from ..models import Technology, TechnologyNeed
from ..services.matching import NOTE_MAX_LENGTH

QUERY_MAX_LENGTH = 200


class NeedFilterForm(forms.Form):
    """The directory's GET form; a bad value invalidates only its own field, which is then
    ignored and named on the page."""

    q = forms.CharField(
        label=gettext_lazy("Search the needs"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text=gettext_lazy("Words of the title, the description or the institution."),
    )
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    green_area = forms.ChoiceField(label=gettext_lazy("Green area"), required=False)

    def __init__(self, data, *, green_areas, country_codes, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["green_area"].choices = [("", gettext_lazy("All green areas"))] + [
            (area.code, area.display_name) for area in green_areas
        ]
        named = sorted(((code, countries.name(code)) for code in country_codes), key=lambda c: c[1])
        self.fields["country"].choices = [("", gettext_lazy("All countries")), *named]

    def filters(self) -> tuple[dict, list[str]]:
        self.is_valid()
        data = self.cleaned_data
        filters = {
            "q": data.get("q", "").strip(),
            "country": data.get("country", ""),
            "green_area": data.get("green_area", ""),
        }
        ignored = [
            _("%(filter)s: %(error)s This filter was ignored.")
            % {"filter": self.fields[name].label, "error": " ".join(errors)}
            for name, errors in self.errors.items()
        ]
        return filters, ignored


class MatchDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("confirm", gettext_lazy("Confirm")),
            ("dismiss", gettext_lazy("Dismiss")),
        ],
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=NOTE_MAX_LENGTH)


def _query(filters: dict, page: int | None = None) -> str:
    pairs = [(name, value) for name, value in filters.items() if value]
    if page and page > 1:
        pairs.append(("page", page))
    return f"?{urlencode(pairs)}" if pairs else ""


@require_safe
def need_list(request):
    """The directory of published needs: search, country, green area; 20 a page."""
    green_areas = list(GreenArea.objects.all())
    country_codes = (
        TechnologyNeed.objects.filter(is_published=True)
        .exclude(country="")
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    form = NeedFilterForm(request.GET, green_areas=green_areas, country_codes=set(country_codes))
    filters, ignored = form.filters()
    paginator = Paginator(selectors.technology_need_directory(**filters), selectors.NEEDS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "is_filtered": any(filters.values()),
        "ignored_filters": ignored,
        "page_obj": page,
        "needs": list(page.object_list),
        "previous_query": _query(filters, page.previous_page_number())
        if page.has_previous()
        else "",
        "next_query": _query(filters, page.next_page_number()) if page.has_next() else "",
    }
    return render(request, "technologies/need_list.html", context)


@require_safe
def need_detail(request, slug):
    need = selectors.technology_need_for(request.user, slug)
    can_decide = rules.has_perm("technologies.decide_need_match", request.user)
    context = {
        "need": need,
        "matches": selectors.technology_matches_for_need(need),
        "can_decide": can_decide,
        "note_max_length": NOTE_MAX_LENGTH,
    }
    return render(request, "technologies/need_detail.html", context)


@require_POST
@login_required
@permission_required("technologies.decide_need_match", raise_exception=True)
def need_match_decide(request, slug, technology_slug):
    """Staff: confirm that a technology answers the need, or dismiss the suggestion."""
    need = selectors.technology_need_for(request.user, slug)
    technology = get_object_or_404(Technology, slug=technology_slug)
    back = reverse("technologies:need_detail", args=[need.slug]) + "#need-matches"
    form = MatchDecisionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(back)
    decide = (
        services.need_match_confirm
        if form.cleaned_data["decision"] == "confirm"
        else services.need_match_dismiss
    )
    try:
        match = decide(
            need=need, technology=technology, by=request.user, note=form.cleaned_data["note"]
        )
    except TechnologyError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    if match.is_confirmed:
        text = _("“%(technology)s” is confirmed as answering this need.")
    else:
        text = _("“%(technology)s” is dismissed: it is no longer suggested for this need.")
    messages.success(request, text % {"technology": technology.display_name})
    return redirect(back)
