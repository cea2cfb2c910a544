from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from greentech.core.admin import URL_FORMFIELD
from greentech.core.ratelimit import rate_limit_hit

from . import admin_lockouts  # noqa: F401 - registers the login failures admin
from .exceptions import AccountsError
from .forms import AdminUserCreationForm, InvitationAdminForm, UserChangeForm
from .models import (
    ExpertProfile,
    InstitutionMembership,
    Invitation,
    InvitationStatus,
    MembershipStatus,
    User,
)
from .services import (
    invitation_create,
    invitation_revoke,
    partner_membership_approve,
    partner_membership_reject,
)


class ExpertProfileInline(admin.StackedInline):
    model = ExpertProfile
    can_delete = False
    extra = 0
    filter_horizontal = ["green_areas"]
    autocomplete_fields = ["conflict_institutions"]


class InstitutionMembershipInline(admin.TabularInline):
    """The person's institution link requests, read-only: decide them from their own list."""

    model = InstitutionMembership
    fk_name = "user"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["institution", "proposed_name", "status", "created", "decided_by", "decided_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


SUPERUSER_ONLY = {"is_superuser", "user_permissions"}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = AdminUserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "institution", "country", "is_staff"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "country"]
    search_fields = ["email", "first_name", "last_name", "institution__name"]
    autocomplete_fields = ["institution"]
    date_hierarchy = "date_joined"
    inlines = [ExpertProfileInline, InstitutionMembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Personal info"),
            {"fields": ["first_name", "last_name", "country", "institution", "position"]},
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (
            _("Important dates"),
            {"fields": ["last_login", "date_joined", "email_verified_at", "consented_at"]},
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined", "email_verified_at", "consented_at"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # Curators manage accounts and roles, but never grant superuser or raw permissions.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in SUPERUSER_ONLY]})
            for name, opts in fieldsets
        ]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "languages", "is_available"]
    list_filter = ["is_available", "green_areas"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "conflict_institutions"]
    filter_horizontal = ["green_areas"]


class MembershipActionForm(helpers.ActionForm):
    note = forms.CharField(
        label=_("Reason or note (required to reject; sent to the person)"),
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )


def _report(modeladmin, request, done: int, failures: list[str], message_done: str) -> None:
    if done:
        modeladmin.message_user(request, message_done % {"count": done}, messages.SUCCESS)
    for failure in failures:
        modeladmin.message_user(request, failure, messages.ERROR)


@admin.register(InstitutionMembership)
class InstitutionMembershipAdmin(admin.ModelAdmin):
    """Institution link requests. Approve or reject with the actions (they call the same services
    as the staff page); while a request is pending staff may correct the proposal or choose the
    directory institution to link instead."""

    action_form = MembershipActionForm
    formfield_overrides = URL_FORMFIELD
    actions = ["approve_selected", "reject_selected"]
    list_display = [
        "user",
        "requested",
        "status",
        "email_confirmed",
        "created",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "proposed_kind"]
    list_select_related = ["user", "institution", "decided_by"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "institution__name",
        "proposed_name",
    ]
    date_hierarchy = "created"
    autocomplete_fields = ["institution"]
    fields = [
        "user",
        "status",
        "institution",
        "proposed_name",
        "proposed_country",
        "proposed_city",
        "proposed_kind",
        "proposed_website",
        "decided_by",
        "decided_at",
        "note",
        "created",
        "modified",
    ]
    DECISION_FIELDS = ["user", "status", "decided_by", "decided_at", "note", "created", "modified"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != MembershipStatus.PENDING:
            return self.fields
        return self.DECISION_FIELDS

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # The decisions are the record of who linked whom; keep them.
        return False

    def has_review_permission(self, request):
        return request.user.has_perm("accounts.review_membership")

    @admin.display(description=_("requested institution"), ordering="institution__name")
    def requested(self, obj):
        if obj.institution_id is None:
            return _("%(name)s (proposed)") % {"name": obj.proposed_name}
        return obj.institution.name

    @admin.display(description=_("e-mail confirmed"), boolean=True)
    def email_confirmed(self, obj):
        return obj.user.email_verified

    @admin.action(description=_("Approve the selected requests"), permissions=["review"])
    def approve_selected(self, request, queryset):
        note = request.POST.get("note", "")
        done, failures = 0, []
        for membership in queryset.select_related("user"):
            try:
                partner_membership_approve(membership=membership, by=request.user, note=note)
            except AccountsError as exc:
                failures.append(f"{membership.user}: {' '.join(exc.messages)}")
            else:
                done += 1
        _report(self, request, done, failures, _("%(count)d request(s) approved."))

    @admin.action(
        description=_("Reject the selected requests (give the reason)"), permissions=["review"]
    )
    def reject_selected(self, request, queryset):
        reason = request.POST.get("note", "").strip()
        if not reason:
            self.message_user(
                request,
                _("Give the reason in the field next to the action: it is sent to each person."),
                messages.ERROR,
            )
            return
        done, failures = 0, []
        for membership in queryset.select_related("user"):
            try:
                partner_membership_reject(membership=membership, by=request.user, reason=reason)
            except AccountsError as exc:
                failures.append(f"{membership.user}: {' '.join(exc.messages)}")
            else:
                done += 1
        _report(self, request, done, failures, _("%(count)d request(s) rejected."))


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are created through the service (which e-mails the link) and never edited;
    revoke them with the action."""

    form = InvitationAdminForm
    actions = ["revoke_selected"]
    list_display = [
        "email",
        "role",
        "institution",
        "status",
        "expired",
        "invited_by",
        "created",
        "expires_at",
    ]
    list_filter = ["status", "role"]
    list_select_related = ["institution", "invited_by"]
    search_fields = ["email", "institution__name"]
    date_hierarchy = "created"
    autocomplete_fields = ["institution"]
    ADD_FIELDS = ["email", "role", "institution"]
    VIEW_FIELDS = [
        "email",
        "role",
        "institution",
        "status",
        "invited_by",
        "created",
        "expires_at",
        "accepted_by",
        "accepted_at",
        "revoked_by",
        "revoked_at",
    ]

    def get_fields(self, request, obj=None):
        return self.ADD_FIELDS if obj is None else self.VIEW_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.VIEW_FIELDS

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return request.user.has_perm("accounts.invite_people")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and request.user.has_perm(
            "accounts.invite_people"
        )

    @admin.display(description=_("expired"), boolean=True)
    def expired(self, obj):
        return obj.is_expired

    def save_model(self, request, obj, form, change):
        if change:
            return
        rate_limit_hit("invitation", request=request, target=form.cleaned_data["email"])
        created = invitation_create(
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            institution=form.cleaned_data["institution"],
            invited_by=request.user,
        )
        # The admin goes on with `obj` (log entry, redirect): make it the saved invitation.
        for field in Invitation._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

    @admin.action(description=_("Revoke the selected invitations"), permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        skipped = queryset.exclude(status=InvitationStatus.PENDING).count()
        done, failures = 0, []
        for invitation in queryset.filter(status=InvitationStatus.PENDING):
            try:
                invitation_revoke(invitation=invitation, by=request.user)
            except AccountsError as exc:
                failures.append(f"{invitation.email}: {' '.join(exc.messages)}")
            else:
                done += 1
        if skipped:
            failures.append(
                ngettext(
                    "%(count)d invitation was already accepted or revoked.",
                    "%(count)d invitations were already accepted or revoked.",
                    skipped,
                )
                % {"count": skipped}
            )
        _report(self, request, done, failures, _("%(count)d invitation(s) revoked."))
