from django.conf import global_settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from centres.models import InstitutionKind
from greentech.core.models import TimeStampedModel


class Role(models.TextChoices):
    """Roles are auth groups; the value is the group name."""

    STAFF_CURATOR = "Staff curator", _("Staff curator")
    PARTNER_SUBMITTER = "Partner submitter", _("Partner submitter")
    EXPERT_REVIEWER = "Expert reviewer", _("Expert reviewer")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who logs in with their e-mail address."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    country = CountryField(_("country"), blank=True)
    institution = models.ForeignKey(
        "centres.Institution",
        verbose_name=_("institution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    position = models.CharField(pgettext_lazy("job title", "position"), max_length=200, blank=True)
    email_verified_at = models.DateTimeField(
        _("e-mail verified at"),
        null=True,
        blank=True,
        help_text=_("When the person followed the link sent to their address; empty until then."),
    )
    consented_at = models.DateTimeField(
        _("consent given at"),
        null=True,
        blank=True,
        help_text=_("When the person agreed, at sign-up, to the portal keeping their data."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("A user with this e-mail address already exists."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def has_role(self, role: Role) -> bool:
        return self.groups.filter(name=role.value).exists()

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


LANGUAGE_CODES = {code for code, _name in global_settings.LANGUAGES}


def validate_language_codes(value: str):
    unknown = [code for code in split_codes(value) if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s. Use codes such as en, zh-hans, fr."),
            params={"codes": ", ".join(unknown)},
        )


def split_codes(value: str) -> list[str]:
    return [part.strip().lower() for part in value.split(",") if part.strip()]


class ExpertProfile(models.Model):
    """What an expert reviewer knows, speaks and must not review."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="expert_profile"
    )
    green_areas = models.ManyToManyField(
        "core.GreenArea",
        verbose_name=_("green areas of expertise"),
        related_name="experts",
        blank=True,
    )
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("Comma-separated language codes, e.g. en, zh-hans, fr."),
    )
    conflict_institutions = models.ManyToManyField(
        "centres.Institution",
        verbose_name=_("declared conflict institutions"),
        related_name="conflicted_experts",
        blank=True,
    )
    bio = models.TextField(_("short biography"), blank=True)
    is_available = models.BooleanField(_("available for reviews"), default=True)

    class Meta:
        ordering = ["user__email"]
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self):
        return str(self.user)

    @property
    def language_list(self) -> list[str]:
        return split_codes(self.languages)

    @property
    def is_complete(self) -> bool:
        """The profile says what expert matching needs: at least one green area and one
        language. Derived from the content rather than a flag, so profiles staff fill in the
        admin (or the demo data) count as complete too."""
        return self.pk is not None and bool(self.language_list) and self.green_areas.exists()


# --- E-mail verification, institution links, invitations ------------------------------------


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


MEMBERSHIP_TRANSITIONS: dict[str, frozenset[str]] = {
    MembershipStatus.PENDING: frozenset({MembershipStatus.APPROVED, MembershipStatus.REJECTED}),
    MembershipStatus.APPROVED: frozenset(),
    MembershipStatus.REJECTED: frozenset(),
}


class InstitutionMembership(TimeStampedModel):
    """A person's request to act for an institution, and staff's decision on it.

    A separate model rather than fields on User: a person may be refused and ask again (for the
    same or another institution), and each request keeps its own proposal, decision, decider and
    reason, which is the record staff need. The model states the request; `User.institution` is
    the effect: it is set only when a request is approved, and it is what the other apps read.

    The request names an institution of the directory, or proposes a new one (the `proposed_*`
    fields). When staff approve a proposal, `institution` is set to the institution created from
    it (or to an existing one staff chose). The request changes state once (pending -> approved or
    rejected), so the decision fields are its transition log: who, when, to what, and why.
    Approved requests are the history of links; staff may still set or clear `User.institution`
    in the admin, and that field is the link in force.
    """

    user = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="institution_memberships",
    )
    institution = models.ForeignKey(
        "centres.Institution",
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="membership_requests",
        help_text=_("An institution of the directory; empty while a proposed one is pending."),
    )
    proposed_name = models.CharField(_("proposed institution name"), max_length=255, blank=True)
    proposed_country = CountryField(_("proposed institution country"), blank=True)
    proposed_city = models.CharField(_("proposed institution city"), max_length=120, blank=True)
    proposed_kind = models.CharField(
        _("proposed institution kind"), max_length=40, choices=InstitutionKind.choices, blank=True
    )
    proposed_website = models.URLField(_("proposed institution website"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("The reason given to the person with the decision.")
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("institution link request")
        verbose_name_plural = _("institution link requests")
        indexes = [models.Index(fields=["status", "created"], name="accounts_membership_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(institution__isnull=False) | ~Q(proposed_name=""),
                name="accounts_membership_names_an_institution",
                violation_error_message=_(
                    "Choose an institution from the directory or propose a new one."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=MembershipStatus.APPROVED) | Q(institution__isnull=False),
                name="accounts_membership_approved_has_institution",
                violation_error_message=_("An approved link must name an institution."),
            ),
            models.CheckConstraint(
                condition=Q(status=MembershipStatus.PENDING) | Q(decided_at__isnull=False),
                name="accounts_membership_decided_has_date",
                violation_error_message=_("A decided request must record when it was decided."),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status=MembershipStatus.PENDING),
                name="accounts_membership_one_pending_per_user",
                violation_error_message=_("This person already has a pending request."),
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.requested_name}"

    @property
    def is_proposal(self) -> bool:
        """The person asked for an institution that was not in the directory."""
        return bool(self.proposed_name)

    @property
    def requested_name(self) -> str:
        if self.institution_id is not None:
            return self.institution.display_name
        return self.proposed_name


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


INVITATION_TRANSITIONS: dict[str, frozenset[str]] = {
    InvitationStatus.PENDING: frozenset({InvitationStatus.ACCEPTED, InvitationStatus.REVOKED}),
    InvitationStatus.ACCEPTED: frozenset(),
    InvitationStatus.REVOKED: frozenset(),
}

# The roles staff may give by invitation (curators are made in the admin by a superuser).
INVITABLE_ROLES = (Role.PARTNER_SUBMITTER, Role.EXPERT_REVIEWER)


class Invitation(TimeStampedModel):
    """Staff invite a person by e-mail to become a partner submitter or an expert reviewer.

    Single use: accepting or revoking it ends it. It also ends at `expires_at` (set at creation
    from ACCOUNT_INVITATION_MAX_AGE_DAYS); an expired invitation stays pending in the table but
    its link is refused.
    """

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"),
        max_length=40,
        choices=[(role.value, role.label) for role in INVITABLE_ROLES],
    )
    institution = models.ForeignKey(
        "centres.Institution",
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("Required for a partner submitter; optional for an expert reviewer."),
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_invitations",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["status", "expires_at"], name="accounts_invitation_open")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=InvitationStatus.ACCEPTED) | Q(accepted_at__isnull=False),
                name="accounts_invitation_accepted_has_date",
                violation_error_message=_("An accepted invitation must record when."),
            ),
            models.CheckConstraint(
                condition=~Q(status=InvitationStatus.REVOKED) | Q(revoked_at__isnull=False),
                name="accounts_invitation_revoked_has_date",
                violation_error_message=_("A revoked invitation must record when."),
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_expired(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.status == InvitationStatus.PENDING and not self.is_expired
