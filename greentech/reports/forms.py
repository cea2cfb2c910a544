"""The parameters each report kind takes, and the request form of the reports page.

`PARAMETER_FORMS` is the one definition of what a kind needs; the service validates with it
(`parse_parameters`), the page form reuses its fields, and the generators read the cleaned
values.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from centres.models import Institution

from .exceptions import InvalidParameters
from .models import ReportFormat, ReportKind

YEAR_MIN, YEAR_MAX = 1950, 2100


class DateInput(forms.DateInput):
    input_type = "date"


class PeriodParametersForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput, help_text=_("Inclusive."))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The period must end on or after its first day."))
        return cleaned


class PoolParametersForm(PeriodParametersForm):
    institution = forms.ModelChoiceField(
        Institution.objects.order_by("name"),
        label=_("Institution"),
        required=False,
        help_text=_("Only this institution's technologies. Leave empty for the whole pool."),
    )


class AnnualParametersForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)


class CountryParametersForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=countries)


class TrainingForumParametersForm(PeriodParametersForm):
    """Cohorts and forum events that start within the period."""


PARAMETER_FORMS: dict[str, type[forms.Form]] = {
    ReportKind.POOL: PoolParametersForm,
    ReportKind.COOPERATION_ANNUAL: AnnualParametersForm,
    ReportKind.COUNTRY_PROFILE: CountryParametersForm,
    ReportKind.TRAINING_FORUM_STATS: TrainingForumParametersForm,
}
PARAMETER_NAMES = ("start", "end", "year", "country", "institution")


def _to_json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Institution):
        return value.pk
    return value


def parse_parameters(kind: str, data: dict) -> dict:
    """The cleaned parameters of `kind` (dates as dates, the institution as an object), or
    InvalidParameters with one error list per field. Keys the kind does not take are ignored."""
    form_class = PARAMETER_FORMS.get(kind)
    if form_class is None:
        raise InvalidParameters({"kind": [_("Unknown report kind.")]})
    form = form_class(data={key: value for key, value in (data or {}).items() if value is not None})
    if not form.is_valid():
        raise InvalidParameters(form.errors.as_data())
    return form.cleaned_data


def parameters_to_json(cleaned: dict) -> dict:
    """What is stored on the report: ISO dates, the institution's id, empty values left out."""
    return {key: _to_json(value) for key, value in cleaned.items() if value not in (None, "", [])}


class ReportRequestForm(forms.Form):
    """The request form of the reports page: the kind, the format, and every parameter field
    (each kind uses some of them; the service checks them with the kind's own form).

    A partner submitter only gets the pool report, for their own institution: the kind and the
    institution are not theirs to choose."""

    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    format = forms.ChoiceField(
        label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.PDF
    )
    start = forms.DateField(label=_("From"), widget=DateInput, required=False)
    end = forms.DateField(label=_("To"), widget=DateInput, required=False)
    year = forms.IntegerField(
        label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", "---------"), *countries], required=False
    )
    institution = forms.ModelChoiceField(
        Institution.objects.order_by("name"), label=_("Institution"), required=False
    )

    def __init__(self, *args, user, may_choose_anything: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.may_choose_anything = may_choose_anything
        if not may_choose_anything:
            self.fields["kind"].choices = [(ReportKind.POOL, ReportKind.POOL.label)]
            self.fields["kind"].initial = ReportKind.POOL
            for name in ("year", "country", "institution"):
                del self.fields[name]

    def parameters(self) -> dict:
        """The raw parameters of the chosen kind, ready for `report_request` (after is_valid)."""
        kind = self.cleaned_data["kind"]
        names = PARAMETER_FORMS[kind].base_fields
        values = {
            name: _to_json(self.cleaned_data.get(name))
            for name in PARAMETER_NAMES
            if name in names and name in self.fields
        }
        if kind == ReportKind.POOL and not self.may_choose_anything:
            values["institution"] = self.user.institution_id
        return {key: value for key, value in values.items() if value not in (None, "")}
