"""Staff pages: the queue of institution link requests, and invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from greentech.core.ratelimit import rate_limit_hit

from ..exceptions import AccountsError
from ..forms import InvitationForm, MembershipApproveForm, MembershipRejectForm, add_service_error
from ..models import InstitutionMembership, Invitation
from ..selectors import institution_directory, open_invitations, pending_membership_requests
from ..services import (
    invitation_create,
    invitation_revoke,
    partner_membership_approve,
    partner_membership_reject,
)
from ..tokens import invitation_max_age_days

# Enough for any real queue; older ones stay in the admin.
INVITATIONS_SHOWN = 200


def staff_page(perm: str):
    """Anonymous visitors go to the log-in page; people without the permission get 403."""

    def decorator(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator


@staff_page("accounts.review_membership")
def membership_queue(request):
    requests = list(pending_membership_requests())
    institutions = list(institution_directory()) if any(r.is_proposal for r in requests) else []
    return render(
        request,
        "accounts/staff/membership_queue.html",
        {"requests": requests, "institutions": institutions},
    )


def _error_messages(request, exc: AccountsError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_POST
@staff_page("accounts.review_membership")
def membership_approve(request, pk):
    membership = get_object_or_404(InstitutionMembership.objects.select_related("user"), pk=pk)
    form = MembershipApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an institution of the directory, or none."))
        return redirect("accounts:membership_queue")
    try:
        membership = partner_membership_approve(
            membership=membership,
            by=request.user,
            institution=form.cleaned_data["institution"],
            note=form.cleaned_data["note"],
        )
    except AccountsError as exc:
        _error_messages(request, exc)
    else:
        messages.success(
            request,
            _("%(person)s is now a partner submitter for %(institution)s.")
            % {"person": membership.user, "institution": membership.institution},
        )
    return redirect("accounts:membership_queue")


@require_POST
@staff_page("accounts.review_membership")
def membership_reject(request, pk):
    membership = get_object_or_404(InstitutionMembership.objects.select_related("user"), pk=pk)
    form = MembershipRejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason: the person receives it by e-mail."))
        return redirect("accounts:membership_queue")
    try:
        partner_membership_reject(
            membership=membership, by=request.user, reason=form.cleaned_data["reason"]
        )
    except AccountsError as exc:
        _error_messages(request, exc)
    else:
        messages.success(
            request, _("The request of %(person)s was rejected.") % {"person": membership.user}
        )
    return redirect("accounts:membership_queue")


@staff_page("accounts.invite_people")
def invite(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rate_limit_hit("invitation", request=request, target=data["email"])
        try:
            invitation = invitation_create(
                email=data["email"],
                role=data["role"],
                institution=data["institution"],
                invited_by=request.user,
            )
        except AccountsError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("accounts:invite")
    return render(
        request,
        "accounts/staff/invite.html",
        {
            "form": form,
            "invitations": list(open_invitations()[:INVITATIONS_SHOWN]),
            "max_age_days": invitation_max_age_days(),
        },
    )


@require_POST
@staff_page("accounts.invite_people")
def invitation_revoke_view(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        invitation_revoke(invitation=invitation, by=request.user)
    except AccountsError as exc:
        _error_messages(request, exc)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was revoked.") % {"email": invitation.email},
        )
    return redirect("accounts:invite")
