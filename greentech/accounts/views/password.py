"""Password reset pages: the request answers the same for every address (and is rate-limited);
setting the new password through the e-mailed link lifts the account's login lock-out."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from greentech.core.ratelimit import rate_limit_hit

from ..lockout import lift_account_lockout
from ..services import password_reset_request


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        rate_limit_hit("password_reset", request=self.request, target=email)
        password_reset_request(email=email)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        lift_account_lockout(form.user, reason="password_reset")
        return response
