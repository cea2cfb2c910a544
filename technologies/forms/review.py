"""Forms of the expert reviewer's pages: the review (one score and comment per criterion of the
call, a recommendation, an overall comment) and the conflict-of-interest declaration."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Criterion, Recommendation


@dataclass(frozen=True)
class CriterionFields:
    """What the template shows for one criterion: the criterion and its two bound fields."""

    criterion: Criterion
    score: forms.BoundField
    comment: forms.BoundField


class ReviewForm(forms.Form):
    """Scores from 0 to the call's `scale_max` (two decimal places at most)."""

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, criteria, scale_max: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.scale_max = scale_max
        for criterion in self.criteria:
            self.fields[self.score_name(criterion)] = forms.DecimalField(
                label=_("Score for %(criterion)s (0 to %(max)s)")
                % {"criterion": criterion.display_name, "max": scale_max},
                min_value=Decimal(0),
                max_value=Decimal(scale_max),
                max_digits=5,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": scale_max}),
            )
            self.fields[self.comment_name(criterion)] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.display_name},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def score_name(criterion) -> str:
        return f"score_{criterion.pk}"

    @staticmethod
    def comment_name(criterion) -> str:
        return f"comment_{criterion.pk}"

    def criterion_fields(self) -> list[CriterionFields]:
        return [
            CriterionFields(
                criterion=criterion,
                score=self[self.score_name(criterion)],
                comment=self[self.comment_name(criterion)],
            )
            for criterion in self.criteria
        ]

    def scores(self) -> dict[int, tuple[Decimal, str]]:
        """`review_submit`'s scores: criterion id -> (score, comment)."""
        return {
            criterion.pk: (
                self.cleaned_data[self.score_name(criterion)],
                self.cleaned_data[self.comment_name(criterion)],
            )
            for criterion in self.criteria
        }


class ConflictForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have a conflict of interest with this declaration and cannot review it."),
        error_messages={"required": _("Tick the box to declare the conflict of interest.")},
    )
    note = forms.CharField(
        label=_("What the conflict is (for the staff)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: I advised the provider on this technology in 2022."),
    )
