from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from greentech.core.admin import URL_FORMFIELD

from . import services
from .models import JointLab, LabOutput, LabPartner


class LabPartnerInline(admin.TabularInline):
    model = LabPartner
    autocomplete_fields = ["institution"]
    extra = 0


class LabOutputInline(admin.TabularInline):
    model = LabOutput
    fields = ["kind", "title", "year", "link"]
    formfield_overrides = URL_FORMFIELD
    extra = 0
    show_change_link = True


@admin.register(JointLab)
class JointLabAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "centre", "status", "established", "closed_on"]
    list_filter = ["status", "centre", "research_areas"]
    search_fields = ["name", "name_zh", "short_name", "centre__name", "description"]
    autocomplete_fields = ["centre", "research_areas"]
    prepopulated_fields = {"slug": ["name"]}
    # The status changes through the actions below (the transitions table); a new lab may
    # start in any status, so the field is editable on the add form only.
    readonly_fields = ["status"]
    date_hierarchy = "established"
    list_select_related = ["centre"]
    formfield_overrides = URL_FORMFIELD
    inlines = [LabPartnerInline, LabOutputInline]
    actions = ["activate_labs", "close_labs"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            fields.remove("status")
        return fields

    @admin.action(description=_("Mark selected planned labs as active"))
    def activate_labs(self, request, queryset):
        self._change_status(
            request, queryset, "labs.activate_jointlab", services.joint_lab_activate
        )

    @admin.action(description=_("Close selected labs (today unless a closing date is set)"))
    def close_labs(self, request, queryset):
        self._change_status(request, queryset, "labs.close_jointlab", services.joint_lab_close)

    def _change_status(self, request, queryset, perm, service):
        changed = 0
        for lab in queryset:
            if not request.user.has_perm(perm, lab):
                self.message_user(
                    request,
                    _("%(lab)s: not changed, its status does not allow it.") % {"lab": lab},
                    messages.WARNING,
                )
                continue
            try:
                service(lab=lab, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{lab}: {' '.join(error.messages)}", messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(
                request, _("%(count)d joint lab(s) updated.") % {"count": changed}, messages.SUCCESS
            )


@admin.register(LabPartner)
class LabPartnerAdmin(admin.ModelAdmin):
    list_display = ["institution", "lab", "role", "since"]
    list_filter = ["role", "lab__status", "institution__country"]
    search_fields = ["institution__name", "institution__short_name", "lab__name"]
    autocomplete_fields = ["lab", "institution"]
    date_hierarchy = "since"
    list_select_related = ["institution", "lab"]


@admin.register(LabOutput)
class LabOutputAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "kind", "year"]
    list_filter = ["kind", "year", "lab"]
    search_fields = ["title", "description", "lab__name"]
    autocomplete_fields = ["lab"]
    list_select_related = ["lab"]
    formfield_overrides = URL_FORMFIELD
