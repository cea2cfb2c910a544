"""Forms of the training pages: applying to a cohort, cancelling an application, and the staff
forms for selection, attendance, the attended status and certificates.

The forms only check the input; the services decide (and say no with a TrainingError that the
views put back on the form with `add_service_error`)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Application
from .services import SelectionOutcome

MOTIVATION_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 2000


def add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's error next to the field it names, or on top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _model_field(name: str, **kwargs) -> forms.Field:
    """The form field of an Application field, with its label and length limit."""
    return Application._meta.get_field(name).formfield(**kwargs)


class ApplicationForm(forms.Form):
    """What a person gives to apply to a cohort (the API takes the same fields)."""

    first_name = _model_field("first_name")
    last_name = _model_field("last_name")
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    country = _model_field("country")
    institution_name = _model_field("institution_name")
    position = _model_field("position")
    field_of_work = _model_field(
        "field_of_work",
        help_text=_("For example wastewater treatment, solar energy, urban planning."),
    )
    motivation = _model_field(
        "motivation",
        max_length=MOTIVATION_MAX_LENGTH,
        help_text=_("Why you wish to take part, and what you will do with it (a few lines)."),
    )
    consent_to_data_use = forms.BooleanField(
        label=_(
            "I agree that the organisers keep and use these data to handle my application and "
            "the training."
        ),
        required=True,
        error_messages={"required": _("Consent to the use of the data is required.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["position"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["motivation"].widget.attrs["rows"] = 6


def initial_for_user(user) -> dict:
    """What a logged-in person's account already says: their name, e-mail address, country,
    institution and position."""
    if not user or not user.is_authenticated:
        return {}
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "position": user.position,
    }
    if user.country:
        initial["country"] = user.country.code
    if user.institution_id is not None:
        initial["institution_name"] = user.institution.name
    return initial


class CancelForm(forms.Form):
    """Staff's cancellation of an application, with a note kept in its history."""

    note = forms.CharField(
        label=_("Reason (kept in the application's history)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SelectionForm(forms.Form):
    """One decision (or none yet) per application pending selection."""

    NO_DECISION = ""

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        choices = [(self.NO_DECISION, _("No decision yet")), *SelectionOutcome.choices]
        for application in self.applications:
            self.fields[self.field_name(application)] = forms.ChoiceField(
                label=application.full_name, choices=choices, required=False
            )
        self.fields["note"] = forms.CharField(
            label=_("Note (kept in the history of each decided application)"),
            max_length=NOTE_MAX_LENGTH,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    @staticmethod
    def field_name(application) -> str:
        return f"outcome_{application.pk}"

    def rows(self):
        """(application, its bound field) in the order shown."""
        return [(a, self[self.field_name(a)]) for a in self.applications]

    def decisions(self) -> list[tuple[Application, str]]:
        """The applications with a decision, in the order shown."""
        return [
            (application, self.cleaned_data[self.field_name(application)])
            for application in self.applications
            if self.cleaned_data.get(self.field_name(application))
        ]


class AttendanceGridForm(forms.Form):
    """A checkbox per participant and day: present or not."""

    def __init__(self, *args, applications, days: list[datetime.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        self.days = list(days)
        for application in self.applications:
            recorded = self.recorded(application)
            for day in self.days:
                self.fields[self.field_name(application, day)] = forms.BooleanField(
                    label=_("%(name)s, %(day)s")
                    % {"name": application.full_name, "day": day.isoformat()},
                    required=False,
                    initial=recorded.get(day, False),
                )

    @staticmethod
    def field_name(application, day: datetime.date) -> str:
        return f"present_{application.pk}_{day:%Y%m%d}"

    @staticmethod
    def recorded(application) -> dict[datetime.date, bool]:
        """The records of one application (from its prefetched `attendance`)."""
        return {record.day: record.present for record in application.attendance.all()}

    def rows(self):
        """(application, [bound field per day]) in the order shown."""
        return [
            (application, [self[self.field_name(application, day)] for day in self.days])
            for application in self.applications
        ]

    def changes(self) -> list[tuple[Application, datetime.date, bool]]:
        """The cells whose value differs from what is recorded. A cell without a record counts
        as absent: leaving it unticked records nothing."""
        changed = []
        for application in self.applications:
            recorded = self.recorded(application)
            for day in self.days:
                present = self.cleaned_data[self.field_name(application, day)]
                if present != recorded.get(day, False):
                    changed.append((application, day, present))
        return changed


class ApplicationChoiceForm(forms.Form):
    """Some applications among those offered (ticked checkboxes), e.g. to mark attended or to
    issue certificates."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one participant.")},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["applications"]
        field.queryset = queryset
        field.label_from_instance = lambda application: (
            f"{application.full_name} ({application.country.name})"
        )
