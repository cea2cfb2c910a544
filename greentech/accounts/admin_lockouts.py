"""Staff see login failures and lift lock-outs in the admin (django-axes' records)."""

import logging

from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from greentech.core.security import fingerprint, security_event

from .lockout import failure_limits, recent_attempts


def _recent_total(field: str):
    return Coalesce(
        Subquery(
            recent_attempts()
            .filter(**{field: OuterRef(field)})
            .values(field)
            .annotate(total=Sum("failures_since_start"))
            .values("total")[:1]
        ),
        0,
    )


class LockedOutFilter(admin.SimpleListFilter):
    title = _("locked out")
    parameter_name = "locked_out"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        account_limit, address_limit = failure_limits()
        locked = Q(account_failures__gte=account_limit) | Q(address_failures__gte=address_limit)
        if self.value() == "yes":
            return queryset.filter(locked)
        if self.value() == "no":
            return queryset.exclude(locked)
        return queryset


@admin.register(AccessAttempt)
class LoginFailureAdmin(admin.ModelAdmin):
    """One row per account name, client address and browser that failed to log in recently.
    "Lift the lock-out" forgets the failures of the selected rows' accounts and addresses."""

    list_display = [
        "attempt_time",
        "username",
        "ip_address",
        "failures_since_start",
        "account_failures",
        "address_failures",
        "is_locked_out",
        "path_info",
    ]
    list_filter = [LockedOutFilter, "path_info"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    fields = ["username", "ip_address", "user_agent", "path_info", "failures_since_start"]
    readonly_fields = fields
    actions = ["lift_lockouts"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                account_failures=_recent_total("username"),
                address_failures=_recent_total("ip_address"),
            )
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("failures of the account"), ordering="account_failures")
    def account_failures(self, obj):
        return obj.account_failures

    @admin.display(description=_("failures from the address"), ordering="address_failures")
    def address_failures(self, obj):
        return obj.address_failures

    @admin.display(description=_("locked out"), boolean=True)
    def is_locked_out(self, obj):
        account_limit, address_limit = failure_limits()
        return obj.account_failures >= account_limit or obj.address_failures >= address_limit

    @admin.action(description=_("Lift the lock-out"), permissions=["delete"])
    def lift_lockouts(self, request, queryset):
        usernames = {row.username for row in queryset if row.username}
        addresses = {row.ip_address for row in queryset if row.ip_address}
        deleted, _counts = AccessAttempt.objects.filter(
            Q(username__in=usernames) | Q(ip_address__in=addresses)
        ).delete()
        for username in usernames:
            security_event(
                "lockout_lifted",
                account=fingerprint(username),
                by=f"staff:{request.user.pk}",
                level=logging.INFO,
            )
        for address in addresses:
            security_event(
                "lockout_lifted", client=address, by=f"staff:{request.user.pk}", level=logging.INFO
            )
        messages.success(
            request,
            ngettext(
                "Lifted: %(count)d recorded failure forgotten.",
                "Lifted: %(count)d recorded failures forgotten.",
                deleted,
            )
            % {"count": deleted},
        )
