"""Forms of the staff curator's pages: the screening queue's filters, screening, assigning and
releasing experts, the decision, and releasing a call's staged decisions.

The forms check input only; the services decide what is allowed and their errors are shown on
the form (`greentech.accounts.forms.add_service_error`)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from greentech.accounts.models import User

from ..models import CollectionCall, DecisionOutcome, Technology, TechnologyStatus
from ..selectors import expert_reviewers, experts_without_conflict

S = TechnologyStatus

# What the queue lists: waiting for screening, and under review.
QUEUE_STATES = (S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW)
# The due date the assign form proposes.
DEFAULT_REVIEW_DAYS = 21


class QueueFilterForm(forms.Form):
    """The queue's filters (GET). An invalid value is ignored and shown as a field error."""

    call = forms.ModelChoiceField(
        label=_("Collection call"),
        queryset=CollectionCall.objects.order_by("-opens_on", "title"),
        to_field_name="slug",
        required=False,
        empty_label=_("All calls"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *[(s.value, s.label) for s in QUEUE_STATES]],
        required=False,
    )

    def filters(self) -> tuple[CollectionCall | None, str]:
        """The valid part of the query: (call or None, status or "")."""
        if not self.is_bound:
            return None, ""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("call"), data.get("status", "")


class AcceptForReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the log (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnToDraftForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the submitter)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell the submitter why the declaration goes back to them.")},
    )


def _expert_label(expert, open_assignments=None) -> str:
    label = str(expert)
    if expert.institution_id is not None:
        label = f"{label} ({expert.institution})"
    if open_assignments is not None:
        label = ngettext(
            "%(expert)s: %(count)s open review",
            "%(expert)s: %(count)s open reviews",
            open_assignments,
        ) % {"expert": label, "count": open_assignments}
    return label


class AssignForm(forms.Form):
    """One expert and a due date. The select lists the suggested experts first, then every
    other expert without a conflict."""

    expert = forms.ModelChoiceField(
        label=_("Expert"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Choose an active expert reviewer.")},
    )
    due_on = forms.DateField(
        label=_("Review due on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, technology: Technology, suggested, **kwargs):
        kwargs.setdefault(
            "initial",
            {"due_on": timezone.localdate() + dt.timedelta(days=DEFAULT_REVIEW_DAYS)},
        )
        super().__init__(*args, **kwargs)
        self.suggested = list(suggested)
        self.others = list(
            experts_without_conflict(technology, exclude=[e.pk for e in self.suggested])
        )
        field = self.fields["expert"]
        field.queryset = expert_reviewers()
        choices = [("", _("Choose an expert"))]
        if self.suggested:
            choices.append(
                (
                    _("Suggested: matching green area, no conflict"),
                    [
                        (e.pk, _expert_label(e, getattr(e, "open_assignments", None)))
                        for e in self.suggested
                    ],
                )
            )
        if self.others:
            choices.append(
                (
                    _("Any other expert without a conflict"),
                    [(e.pk, _expert_label(e)) for e in self.others],
                )
            )
        field.widget.choices = choices


class ReleaseAssignmentForm(forms.Form):
    note = forms.CharField(
        label=_("Why the expert is released (conflict of interest)"),
        required=False,
        max_length=2000,
    )


class DecisionForm(forms.Form):
    """Accept, reject or request a revision, with feedback; released now or staged for the
    call's release. `needs_confirmation` adds the checkbox that confirms accepting below the
    call's thresholds (the service refuses to accept without it)."""

    STAGE, NOW = "stage", "now"

    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    feedback = forms.CharField(
        label=_("Feedback to the submitter"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required to request a revision or to reject."),
    )
    release = forms.ChoiceField(
        label=_("When the submitter learns it"),
        choices=[
            (STAGE, _("Stage it: release it later, together with the call's other decisions")),
            (NOW, _("Release now: publish an accepted technology and send the e-mail")),
        ],
        initial=STAGE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, needs_confirmation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_confirmation:
            self.fields["accept_below_minimum"] = forms.BooleanField(
                label=_(
                    "I have read the warnings: accept although the scores are below the "
                    "call's thresholds."
                ),
                required=False,
            )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "feedback": data["feedback"],
            "release": data["release"] == self.NOW,
            "accept_below_minimum": data.get("accept_below_minimum", False),
        }
