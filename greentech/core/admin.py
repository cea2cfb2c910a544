from django.contrib import admin

from .models import GreenArea


@admin.register(GreenArea)
class GreenAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "name_zh", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_zh", "code"]
    prepopulated_fields = {"code": ["name"]}
