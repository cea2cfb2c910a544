"""Forms of the forum pages: registering for an event, and the staff forms for attendance and
cancellation.

The forms only check the input; the services decide (and say no with a ForumsError that the
views put back on the form with `add_service_error`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Registration

NOTE_MAX_LENGTH = 2000


def add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's error next to the field it names, or on top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _model_field(name: str, **kwargs) -> forms.Field:
    """The form field of a Registration field, with its label and length limit."""
    return Registration._meta.get_field(name).formfield(**kwargs)


class RegistrationForm(forms.Form):
    """What a person gives to register for an event (the API takes the same fields)."""

    registration_type = forms.ChoiceField(
        label=_("I come as"),
        choices=Registration.Type.choices,
        initial=Registration.Type.DELEGATE,
        widget=forms.RadioSelect,
    )
    first_name = _model_field("first_name")
    last_name = _model_field("last_name")
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    country = _model_field("country")
    institution_name = _model_field("institution_name")
    dietary_needs = _model_field(
        "dietary_needs", help_text=_("For example vegetarian, halal, no nuts.")
    )
    access_needs = _model_field(
        "access_needs",
        help_text=_("For example step-free access, sign language, a seat near the front."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete = {
            "first_name": "given-name",
            "last_name": "family-name",
            "email": "email",
            "institution_name": "organization",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value


def initial_for_user(user) -> dict:
    """What a logged-in person's account already says: name, e-mail address, country and
    institution."""
    if not user or not user.is_authenticated:
        return {}
    initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
    if user.country:
        initial["country"] = user.country.code
    if user.institution_id is not None:
        initial["institution_name"] = user.institution.name
    return initial


class CancelForm(forms.Form):
    """Staff's cancellation of a registration, with a note kept in its history."""

    note = forms.CharField(
        label=_("Reason (kept in the registration's history)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttendedForm(forms.Form):
    """The confirmed registrants to mark as having attended (ticked checkboxes)."""

    registrations = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=Registration.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one registrant.")},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["registrations"]
        field.queryset = queryset
        field.label_from_instance = lambda registration: (
            f"{registration.full_name} ({registration.get_registration_type_display()}, "
            f"{registration.country.name})"
        )
