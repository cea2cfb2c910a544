from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Scope
from .rules import scopes_for


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Submissions from our data system”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Every token can read what you may read. Add what it may also do."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a token that works until you revoke it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(scopes_for(user)) - {Scope.READ.value}
        self.fields["scopes"].choices = [
            (scope.value, scope.label) for scope in Scope if scope.value in allowed
        ]

    def clean_expires_on(self):
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on and expires_on <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."))
        return expires_on

    def expires_at(self):
        expires_on = self.cleaned_data.get("expires_on")
        if not expires_on:
            return None
        return timezone.make_aware(
            timezone.datetime.combine(expires_on, timezone.datetime.min.time())
        )
