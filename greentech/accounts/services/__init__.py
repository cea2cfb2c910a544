"""Every write on accounts: sign-up and e-mail verification, institution links, invitations and
expert profiles. Views and admin actions call these; none repeats their logic."""

from .experts import expert_profile_save
from .invitations import (
    invitation_accept,
    invitation_accept_with_signup,
    invitation_check,
    invitation_check_usable,
    invitation_create,
    invitation_revoke,
)
from .memberships import (
    InstitutionProposal,
    institution_choice_check,
    partner_membership_approve,
    partner_membership_reject,
    partner_membership_request,
)
from .passwords import password_reset_request, password_reset_send
from .signup import (
    account_signup,
    email_verification_resend,
    email_verification_send,
    email_verify,
)

__all__ = [
    "InstitutionProposal",
    "account_signup",
    "email_verification_resend",
    "email_verification_send",
    "email_verify",
    "expert_profile_save",
    "institution_choice_check",
    "invitation_accept",
    "invitation_accept_with_signup",
    "invitation_check",
    "invitation_check_usable",
    "invitation_create",
    "invitation_revoke",
    "partner_membership_approve",
    "partner_membership_reject",
    "partner_membership_request",
    "password_reset_request",
    "password_reset_send",
]
