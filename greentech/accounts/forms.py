from django import forms
from django.conf import global_settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from centres.models import Institution, InstitutionKind
from greentech.core.models import GreenArea

from .exceptions import AccountsError
from .models import INVITABLE_ROLES, Invitation, User
from .selectors import institution_directory
from .services import InstitutionProposal, institution_choice_check, invitation_check


class LowerCaseEmailMixin:
    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class AdminUserCreationForm(LowerCaseEmailMixin, auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeForm(LowerCaseEmailMixin, auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class InstitutionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.country.name})" if obj.country else obj.display_name


def add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's error next to the field it names (or on top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class PasswordPairMixin:
    """Two password inputs, checked against the site's password validators."""

    def clean_password_pair(self, user: User) -> None:
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if not password1 or not password2:
            return
        if password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
            return
        try:
            password_validation.validate_password(password1, user)
        except ValidationError as exc:
            self.add_error("password1", exc)


def password_fields():
    return (
        forms.CharField(
            label=_("Password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=password_validation.password_validators_help_text_html(),
        ),
        forms.CharField(
            label=_("Password again"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    )


def consent_field():
    return forms.BooleanField(
        label=_(
            "I agree that the portal keeps my name, e-mail address, country and institution "
            "to manage my account and my declarations, and shows them to the portal staff."
        ),
        required=True,
    )


class InstitutionChoiceForm(forms.Form):
    """An institution of the directory, or a proposal for one that is not listed."""

    institution = InstitutionField(
        label=_("Your institution"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("Choose from the directory"),
    )
    not_listed = forms.BooleanField(label=_("My institution is not listed"), required=False)
    proposed_name = forms.CharField(label=_("Institution name"), max_length=255, required=False)
    proposed_country = LazyTypedChoiceField(
        label=_("Institution country"),
        choices=[("", "---------"), *countries],
        required=False,
    )
    proposed_city = forms.CharField(label=_("City"), max_length=120, required=False)
    proposed_kind = forms.ChoiceField(
        label=_("Kind of institution"),
        choices=[("", "---------"), *InstitutionKind.choices],
        required=False,
    )
    proposed_website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institution_directory()

    def clean(self):
        cleaned = super().clean()
        institution, proposal = cleaned.get("institution"), None
        if cleaned.get("not_listed"):
            institution = None
            missing = [
                name
                for name in ("proposed_name", "proposed_country", "proposed_kind")
                if not cleaned.get(name) and name not in self.errors
            ]
            for name in missing:
                self.add_error(name, _("Required for a new institution."))
            if missing or any(name in self.errors for name in ("proposed_website",)):
                return cleaned
            proposal = InstitutionProposal(
                name=cleaned["proposed_name"],
                country=cleaned["proposed_country"],
                kind=cleaned["proposed_kind"],
                city=cleaned.get("proposed_city", ""),
                website=cleaned.get("proposed_website", ""),
            )
        elif "institution" in self.errors:
            return cleaned
        try:
            institution_choice_check(institution=institution, proposal=proposal)
        except AccountsError as exc:
            add_service_error(self, exc)
        cleaned["institution"], cleaned["proposal"] = institution, proposal
        return cleaned


class SignupForm(PasswordPairMixin, InstitutionChoiceForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    country = LazyTypedChoiceField(
        label=_("Country"), choices=[("", "---------"), *countries], required=True
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=200,
        required=False,
        help_text=_("Your job title, e.g. research engineer."),
    )
    password1, password2 = password_fields()
    consent = consent_field()

    field_order = [
        "email",
        "first_name",
        "last_name",
        "country",
        "position",
        "password1",
        "password2",
        "institution",
        "not_listed",
        "proposed_name",
        "proposed_country",
        "proposed_city",
        "proposed_kind",
        "proposed_website",
        "consent",
    ]

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).strip().lower()

    def clean(self):
        cleaned = super().clean()
        self.clean_password_pair(
            User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
        )
        return cleaned


class AcceptInvitationForm(PasswordPairMixin, forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    country = LazyTypedChoiceField(
        label=_("Country"), choices=[("", "---------"), *countries], required=False
    )
    password1, password2 = password_fields()
    consent = consent_field()

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        self.clean_password_pair(
            User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
        )
        return cleaned


class MembershipApproveForm(forms.Form):
    institution = InstitutionField(
        label=_("Link to an existing institution instead"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("Create the proposed institution"),
    )
    note = forms.CharField(
        label=_("Note to the person (optional)"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institution_directory()


class MembershipRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class InvitationCheckMixin:
    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["email"] = invitation_check(
                email=cleaned.get("email", ""),
                role=cleaned.get("role", ""),
                institution=cleaned.get("institution"),
            )
        except AccountsError as exc:
            add_service_error(self, exc)
        return cleaned


class InvitationForm(InvitationCheckMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=[(role.value, role.label) for role in INVITABLE_ROLES]
    )
    institution = InstitutionField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        required=False,
        help_text=_("Required for a partner submitter; optional for an expert reviewer."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institution_directory()


class InvitationAdminForm(InvitationCheckMixin, forms.ModelForm):
    """The admin's add form: checks what the service checks; the admin then calls the
    service."""

    class Meta:
        model = Invitation
        fields = ["email", "role", "institution"]


def language_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, gettext(name)) for code, name in global_settings.LANGUAGES),
        key=lambda pair: pair[1].lower(),
    )


class GreenAreasField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ExpertProfileForm(forms.Form):
    green_areas = GreenAreasField(
        label=_("Green areas of expertise"),
        queryset=GreenArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you review in"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    conflict_institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions you have a conflict of interest with"),
        queryset=Institution.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
        help_text=_(
            "You will not be asked to review their declarations. Your own institution is "
            "excluded anyway."
        ),
    )
    bio = forms.CharField(
        label=_("Short biography"), widget=forms.Textarea, required=False, max_length=3000
    )
    is_available = forms.BooleanField(
        label=_("I am available for reviews"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflict_institutions"].queryset = institution_directory()
