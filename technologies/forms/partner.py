"""Forms of a partner submitter: declaring a technology to a call, the declaration's steps, its
application cases, its attachments and its withdrawal.

The steps are the validation module's (`technologies.validation.SubmissionStep`), and each field
sits on the step under which the submission check reports it missing, so a missing item always
links to the step where it is filled in.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from greentech.core.models import GreenArea

from ..models import TRL_MAX, TRL_MIN, ApplicationCase, Technology
from ..models.technology import YEAR_MAX, YEAR_MIN
from ..pool import TRL_MEANINGS
from ..validation import SubmissionStep

S = SubmissionStep

# The steps in the order the partner goes through them.
STEPS: tuple[str, ...] = tuple(step.value for step in SubmissionStep)

# The declaration's own fields, by step; application cases and attachments have their steps.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    S.BASICS: (
        "name",
        "name_zh",
        "green_area",
        "summary",
        "contact_name",
        "contact_email",
        "contact_phone",
    ),
    S.TECHNICAL_DETAIL: (
        "technical_principle",
        "key_performance_indicators",
        "trl",
        "intellectual_property",
        "ip_details",
        "applicable_conditions",
        "target_countries",
    ),
    S.ECONOMICS: (
        "investment_usd",
        "operating_cost_usd_per_year",
        "co2e_avoided_t_per_year",
        "other_environmental_benefits",
    ),
}

CASE_FIELDS = ("place", "country", "year", "scale", "results")
MAX_APPLICATION_CASES = 30
ACCEPTED_UPLOADS = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.error_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


def limit_to_call_areas(field: forms.ModelChoiceField, areas) -> None:
    """Offer only the call's green areas. The field still accepts any area, so that a request
    for another one reaches the service and gets its clear refusal."""
    field.widget.choices = [
        ("", _("Choose a green area")),
        *((area.pk, area.display_name) for area in areas),
    ]


def _model_label(field_name: str, model=Technology):
    return capfirst(model._meta.get_field(field_name).verbose_name)


class DeclareForm(forms.Form):
    """Start a declaration: its name and one of the call's green areas."""

    name = forms.CharField(
        label=_("Name of the technology"),
        max_length=Technology._meta.get_field("name").max_length,
    )
    green_area = forms.ModelChoiceField(label=_("Green area"), queryset=GreenArea.objects.all())

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_call_areas(self.fields["green_area"], areas)


TRL_CHOICES = [
    ("", _("Not stated yet")),
    *(
        (level, format_lazy("{level}: {meaning}", level=level, meaning=TRL_MEANINGS[level]))
        for level in range(TRL_MIN, TRL_MAX + 1)
    ),
]


def _text(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _amount() -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": "0", "step": "0.01"})


class DeclarationStepForm(forms.ModelForm):
    """One step's fields of the declaration. Nothing is required here: a draft may be saved
    half done; what a submission needs is checked when it is submitted."""

    class Meta:
        model = Technology
        fields = ()
        widgets = {
            "summary": _text(5),
            "technical_principle": _text(8),
            "key_performance_indicators": _text(5),
            "ip_details": _text(3),
            "applicable_conditions": _text(4),
            "other_environmental_benefits": _text(4),
            "target_countries": forms.CheckboxSelectMultiple,
            "investment_usd": _amount(),
            "operating_cost_usd_per_year": _amount(),
            "co2e_avoided_t_per_year": _amount(),
        }
        help_texts = {
            "name_zh": _("Optional: the name in Chinese, shown to Chinese readers."),
            "summary": _("What the technology does and for whom, in a few sentences."),
            "contact_name": _("The person reviewers and staff may contact about it."),
            "key_performance_indicators": _(
                "Measured performance, e.g. removal rates, energy use, output."
            ),
            "ip_details": _("For a patent: the patent or application numbers."),
            "target_countries": _("Where you would like to transfer the technology."),
            "investment_usd": _("Typical investment for one installation, in US dollars."),
            "co2e_avoided_t_per_year": _("Tonnes of CO2 equivalent avoided per year."),
            "other_environmental_benefits": _(
                "E.g. pollutants removed, water or energy saved; needed when no CO2e is given."
            ),
        }

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        if "green_area" in self.fields:
            limit_to_call_areas(self.fields["green_area"], areas)

    def valid_changes(self) -> dict:
        """The fields that passed validation and differ from the saved declaration: what
        "Save draft" writes even when other fields of the step have errors."""
        return {
            name: self.cleaned_data[name] for name in self.changed_data if name in self.cleaned_data
        }


class BasicsForm(DeclarationStepForm):
    class Meta(DeclarationStepForm.Meta):
        fields = STEP_FIELDS[S.BASICS]


class TechnicalDetailForm(DeclarationStepForm):
    trl = forms.TypedChoiceField(
        label=_model_label("trl"),
        help_text=Technology._meta.get_field("trl").help_text,
        choices=TRL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta(DeclarationStepForm.Meta):
        fields = STEP_FIELDS[S.TECHNICAL_DETAIL]


class EconomicsForm(DeclarationStepForm):
    class Meta(DeclarationStepForm.Meta):
        fields = STEP_FIELDS[S.ECONOMICS]


STEP_FORMS: dict[str, type[DeclarationStepForm]] = {
    S.BASICS: BasicsForm,
    S.TECHNICAL_DETAIL: TechnicalDetailForm,
    S.ECONOMICS: EconomicsForm,
}


class ApplicationCaseForm(forms.ModelForm):
    class Meta:
        model = ApplicationCase
        fields = CASE_FIELDS
        widgets = {"results": _text(3)}
        help_texts = {
            "scale": _("E.g. 500 m3/day, 2 MW, 1,200 households."),
            "results": _("What it achieved there: measured results."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's own range; a year after this one is reported when submitting.
        self.fields["year"].widget.attrs.update(min=str(YEAR_MIN), max=str(YEAR_MAX))


class BaseApplicationCaseFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].label = _("Remove this case")


ApplicationCaseFormSet = forms.modelformset_factory(
    ApplicationCase,
    form=ApplicationCaseForm,
    formset=BaseApplicationCaseFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_APPLICATION_CASES,
    validate_max=True,
)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ACCEPTED_UPLOADS}),
    )

    def __init__(self, *args, per_file: int, total: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, PNG or JPEG; up to %(per_file)s per file and %(total)s for all files together."
        ) % {"per_file": filesizeformat(per_file), "total": filesizeformat(total)}


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=_text(3),
        help_text=_("Kept in the declaration's history for the staff."),
    )
