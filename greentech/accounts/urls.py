from django.contrib.auth import views as auth_views
from django.urls import path

from .views import account, invitations, password, staff

app_name = "accounts"

urlpatterns = [
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", password.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Sign-up and e-mail verification
    path("signup/", account.signup, name="signup"),
    path("signup/done/", account.signup_done, name="signup_done"),
    path("verify/resend/", account.resend_verification, name="resend_verification"),
    path("verify/<str:token>/", account.verify_email, name="verify_email"),
    # The person's own pages
    path("profile/", account.profile, name="profile"),
    path("profile/institution/", account.request_membership, name="request_membership"),
    path("profile/expertise/", account.expert_profile, name="expert_profile"),
    path("profile/password/", account.PasswordChangeView.as_view(), name="password_change"),
    # Invitations
    path("invitation/<str:token>/", invitations.accept_invitation, name="accept_invitation"),
    # Staff pages
    path("staff/memberships/", staff.membership_queue, name="membership_queue"),
    path(
        "staff/memberships/<int:pk>/approve/",
        staff.membership_approve,
        name="membership_approve",
    ),
    path("staff/memberships/<int:pk>/reject/", staff.membership_reject, name="membership_reject"),
    path("staff/invitations/", staff.invite, name="invite"),
    path(
        "staff/invitations/<int:pk>/revoke/",
        staff.invitation_revoke_view,
        name="invitation_revoke",
    ),
]
