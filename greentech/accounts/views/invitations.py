"""Accepting an invitation: a new account set up from the link, or an existing account taking
the role after logging in."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from ..exceptions import AccountsError, LinkInvalid
from ..forms import AcceptInvitationForm, add_service_error
from ..models import Invitation, Role, User
from ..services import (
    invitation_accept,
    invitation_accept_with_signup,
    invitation_check_usable,
)
from ..tokens import read_invitation_token
from ._common import expert_profile_url, log_in, needs_expert_profile

CLOSED_STATUS = {"used": 410, "revoked": 410, "expired": 410, "closed": 410}


def _closed(request, exc: AccountsError, invitation: Invitation | None = None):
    return render(
        request,
        "accounts/invitation_closed.html",
        {"error": exc.message, "code": exc.code, "invitation": invitation},
        status=CLOSED_STATUS.get(exc.code, 400),
    )


def _after_acceptance(request, user: User, invitation: Invitation):
    role = Role(invitation.role)
    if role == Role.EXPERT_REVIEWER and needs_expert_profile(user):
        messages.success(
            request,
            _("Welcome! You are now an expert reviewer. Please complete your expertise profile."),
        )
        return redirect(expert_profile_url())
    messages.success(request, _("Welcome! You are now a %(role)s.") % {"role": role.label})
    return redirect("accounts:profile")


def accept_invitation(request, token):
    try:
        invitation = Invitation.objects.select_related("institution", "invited_by").get(
            pk=read_invitation_token(token)
        )
    except (LinkInvalid, Invitation.DoesNotExist):
        return render(
            request,
            "accounts/link_invalid.html",
            {"error": LinkInvalid().message},
            status=400,
        )
    try:
        invitation_check_usable(invitation)
    except AccountsError as exc:
        return _closed(request, exc, invitation)

    account = User.objects.filter(email__iexact=invitation.email).first()
    user = request.user
    if user.is_authenticated and user.email.lower() != invitation.email.lower():
        return render(
            request,
            "accounts/invitation_other_account.html",
            {"invitation": invitation},
            status=403,
        )
    if account is not None and not user.is_authenticated:
        login_url = f"{reverse('accounts:login')}?{urlencode({'next': request.path})}"
        return render(
            request,
            "accounts/invitation_log_in.html",
            {"invitation": invitation, "login_url": login_url},
        )
    if user.is_authenticated:
        return _accept_with_account(request, invitation)
    return _accept_with_signup(request, invitation)


def _accept_with_account(request, invitation: Invitation):
    if request.method == "POST":
        try:
            invitation_accept(invitation=invitation, user=request.user)
        except AccountsError as exc:
            if getattr(exc, "code", None) in CLOSED_STATUS:
                return _closed(request, exc, invitation)
            for message in exc.messages:
                messages.error(request, message)
        else:
            return _after_acceptance(request, request.user, invitation)
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})


def _accept_with_signup(request, invitation: Invitation):
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invitation_accept_with_signup(
                invitation=invitation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
                country=data["country"],
            )
        except AccountsError as exc:
            if getattr(exc, "code", None) in CLOSED_STATUS:
                return _closed(request, exc, invitation)
            add_service_error(form, exc)
        else:
            log_in(request, user)
            return _after_acceptance(request, user, invitation)
    return render(
        request, "accounts/invitation_signup.html", {"invitation": invitation, "form": form}
    )
