"""The person's own pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from greentech.core.ratelimit import rate_limit_hit

from ..exceptions import AccountsError, LinkExpired, LinkInvalid
from ..forms import ExpertProfileForm, InstitutionChoiceForm, SignupForm, add_service_error
from ..lockout import failure_limits
from ..models import ExpertProfile
from ..selectors import latest_membership, may_request_membership, role_labels
from ..services import (
    account_signup,
    email_verification_resend,
    email_verification_send,
    email_verify,
    expert_profile_save,
    partner_membership_request,
)
from ..tokens import email_verification_max_age_days, read_email_verification_token
from ._common import expert_profile_url, needs_expert_profile, safe_next


class LoginView(auth_views.LoginView):
    """The log-in page; an expert reviewer whose expertise profile is incomplete goes to it
    first (and on to where they were heading once it is saved)."""

    def get_success_url(self):
        url = super().get_success_url()
        if needs_expert_profile(self.request.user):
            return expert_profile_url(url)
        return url

    def get_context_data(self, **kwargs):
        account_limit, _address_limit = failure_limits()
        return super().get_context_data(
            failure_limit=account_limit, lockout_minutes=settings.LOGIN_LOCKOUT_MINUTES, **kwargs
        )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response


def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rate_limit_hit("signup", request=request, target=data["email"])
        try:
            account_signup(
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                country=data["country"],
                position=data["position"],
                institution=data["institution"],
                proposal=data["proposal"],
            )
        except AccountsError as exc:
            add_service_error(form, exc)
        else:
            request.session["signup_email"] = data["email"]
            return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request):
    return render(
        request,
        "accounts/signup_done.html",
        {
            "email": request.session.get("signup_email", ""),
            "max_age_days": email_verification_max_age_days(),
        },
    )


def verify_email(request, token):
    try:
        user, newly = email_verify(token=token)
    except LinkExpired as exc:
        return render(
            request,
            "accounts/verify_email_expired.html",
            {"token": token, "error": exc.message},
            status=410,
        )
    except LinkInvalid as exc:
        return render(request, "accounts/link_invalid.html", {"error": exc.message}, status=400)
    membership = latest_membership(user)
    return render(
        request,
        "accounts/verify_email_done.html",
        {"verified_user": user, "newly": newly, "membership": membership},
    )


@require_POST
def resend_verification(request):
    """A fresh confirmation link: from an expired link's page (its token names the account), or
    from the person's own account page. The first answers the same page whether or not a link
    went out (the account may have confirmed meanwhile or changed its address)."""
    token = request.POST.get("token")
    if token:
        try:
            payload = read_email_verification_token(token, check_age=False)
        except LinkInvalid as exc:
            return render(request, "accounts/link_invalid.html", {"error": exc.message}, status=400)
        rate_limit_hit("verification_resend", request=request, target=payload["e"])
        email_verification_resend(token=token)
        return render(
            request,
            "accounts/verification_sent.html",
            {"max_age_days": email_verification_max_age_days()},
        )
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={reverse('accounts:profile')}")
    rate_limit_hit("verification_resend", request=request, target=request.user.email)
    try:
        email_verification_send(user=request.user)
    except AccountsError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(
            request,
            _("We sent a new confirmation link to %(email)s.") % {"email": request.user.email},
        )
    return redirect("accounts:profile")


@login_required
def profile(request):
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "membership": latest_membership(user),
            "may_request": may_request_membership(user),
            "roles": role_labels(user),
            "is_expert": user.has_perm("accounts.edit_expert_profile", ExpertProfile(user=user)),
            "needs_expert_profile": needs_expert_profile(user),
            "is_curator": user.has_perm("accounts.review_membership"),
        },
    )


@login_required
def request_membership(request):
    if not may_request_membership(request.user):
        messages.info(
            request,
            _("You already have an institution, or a request waiting for a decision."),
        )
        return redirect("accounts:profile")
    form = InstitutionChoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner_membership_request(
                user=request.user,
                institution=form.cleaned_data["institution"],
                proposal=form.cleaned_data["proposal"],
            )
        except AccountsError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("Your request was sent to the portal staff. We will e-mail you.")
            )
            return redirect("accounts:profile")
    return render(request, "accounts/request_membership.html", {"form": form})


def _own_profile(request, *args, **kwargs) -> ExpertProfile:
    if not request.user.is_authenticated:
        return None
    return ExpertProfile.objects.filter(user=request.user).first() or ExpertProfile(
        user=request.user
    )


@login_required
@permission_required("accounts.edit_expert_profile", fn=_own_profile, raise_exception=True)
def expert_profile(request):
    profile = _own_profile(request)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    initial = {"is_available": True}
    if profile.pk:
        initial = {
            "green_areas": list(profile.green_areas.all()),
            "languages": profile.language_list,
            "conflict_institutions": list(profile.conflict_institutions.all()),
            "bio": profile.bio,
            "is_available": profile.is_available,
        }
    form = ExpertProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expert_profile_save(
                user=request.user,
                green_areas=list(data["green_areas"]),
                languages=data["languages"],
                conflict_institutions=list(data["conflict_institutions"]),
                bio=data["bio"],
                is_available=data["is_available"],
            )
        except AccountsError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Your expertise profile was saved."))
            return redirect(next_url or "accounts:profile")
    return render(
        request,
        "accounts/expert_profile.html",
        {"form": form, "profile": profile, "next": next_url or ""},
    )
