"""Staff curator pages of the technology pool: a declaration's decision page (the scoring
arithmetic and the decide form), releasing one staged decision, and releasing a whole call's
staged decisions. Curators only, as every staff page (see `staff.staff_page`)."""

import rules
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..exceptions import TechnologyError
from ..forms.staff import DecisionForm
from ..models import CollectionCall, DecisionOutcome, Recommendation, Technology, TechnologyStatus
from ..scoring import rounded
from .staff import messages_of, refused, staff_page

S = TechnologyStatus


# --- the decision -------------------------------------------------------------------------


def _score_rows(summary) -> list[dict]:
    """One row per criterion: its summary, rounded figures and one cell per reviewer (in the
    order of `summary.reviewers`; None where the reviewer gave no score)."""
    rows = []
    for criterion in summary.criteria:
        by_assignment = {score.assignment_id: score for score in criterion.scores}
        rows.append(
            {
                "criterion": criterion,
                "cells": [by_assignment.get(r.assignment_id) for r in summary.reviewers],
                "mean": rounded(criterion.mean),
                "spread": rounded(criterion.spread),
            }
        )
    return rows


def _decided_message(technology: Technology, release: bool) -> str:
    name = technology.display_name
    if not release:
        return _(
            "The decision on “%(name)s” is staged; it is released with the call's decisions."
        ) % {"name": name}
    if technology.status == S.ACCEPTED:
        return _("“%(name)s” is accepted and published in the pool.") % {"name": name}
    return _("The decision on “%(name)s” is released; the submitter gets an e-mail.") % {
        "name": name
    }


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def decision(request, pk):
    """The arithmetic (means, spread, recommendations, warnings) and the decide form."""
    technology = get_object_or_404(
        selectors.technologies_visible_to(request.user).select_related("staged_by"), pk=pk
    )
    summary = selectors.decision_summary(technology)
    needs_confirmation = summary.below_overall_minimum or any(
        c.below_minimum for c in summary.criteria
    )
    can_decide = rules.has_perm("technologies.decide_submission", request.user, technology)
    form = None
    if request.method == "POST":
        form = DecisionForm(request.POST, needs_confirmation=needs_confirmation)
        if form.is_valid():
            arguments = form.service_arguments()
            try:
                technology = services.technology_decide(
                    technology=technology, by=request.user, **arguments
                )
            except TechnologyError as exc:
                if not refused(request, form, exc):
                    return redirect("technologies:decision", pk=technology.pk)
            else:
                messages.success(request, _decided_message(technology, arguments["release"]))
                return redirect("technologies:decision", pk=technology.pk)
    elif can_decide:
        initial = {}
        if technology.staged_outcome:
            initial = {
                "outcome": technology.staged_outcome,
                "feedback": technology.staged_feedback,
            }
        form = DecisionForm(initial=initial, needs_confirmation=needs_confirmation)
    context = {
        "technology": technology,
        "summary": summary,
        "reviewers": summary.reviewers,
        "rows": _score_rows(summary),
        "overall": rounded(summary.overall),
        "spread_threshold": rounded(summary.spread_threshold),
        "recommendations": [
            (label, summary.recommendation_counts.get(value, 0))
            for value, label in Recommendation.choices
        ],
        "reviewer_rows": [
            {"reviewer": r, "recommendation": Recommendation(r.recommendation).label}
            for r in summary.reviewers
        ],
        "needs_confirmation": needs_confirmation,
        "form": form,
        "can_release_staged": can_decide and bool(technology.staged_outcome),
    }
    return render(request, "technologies/staff_decision.html", context)


@require_POST
@staff_page
def release_decision(request, pk):
    """Release one staged decision now."""
    technology = get_object_or_404(selectors.technologies_visible_to(request.user), pk=pk)
    try:
        technology = services.technology_release_decision(technology=technology, by=request.user)
    except TechnologyError as exc:
        messages_of(request, exc)
    else:
        messages.success(request, _decided_message(technology, True))
    return redirect("technologies:decision", pk=technology.pk)


# --- a call's staged decisions --------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def release_decisions(request, slug):
    """The staged decisions of a call; one POST releases them all (publication and e-mails)."""
    call = get_object_or_404(CollectionCall, slug=slug)
    if request.method == "POST":
        try:
            released = services.call_release_decisions(call=call, by=request.user)
        except TechnologyError as exc:
            messages_of(request, exc)
        else:
            if released:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s decision released; the submitter is told by e-mail.",
                        "%(count)s decisions released; every submitter is told by e-mail.",
                        len(released),
                    )
                    % {"count": len(released)},
                )
            else:
                messages.info(request, _("There was no staged decision to release."))
        return redirect("technologies:release_decisions", slug=call.slug)
    staged = list(
        Technology.objects.filter(call=call, status=S.UNDER_REVIEW)
        .exclude(staged_outcome="")
        .select_related("provider", "green_area", "staged_by")
        .order_by("pk")
    )
    outcome_counts = [
        (label, sum(1 for t in staged if t.staged_outcome == value))
        for value, label in DecisionOutcome.choices
    ]
    return render(
        request,
        "technologies/staff_release.html",
        {"call": call, "staged": staged, "outcome_counts": outcome_counts},
    )
