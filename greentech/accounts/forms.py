from django.contrib.auth import forms as auth_forms

from .models import User


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
