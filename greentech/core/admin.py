from django.contrib import admin
from django.db import models

from .models import GreenArea

# Admin forms read a web address typed without a scheme as https (Django 6's default).
URL_FORMFIELD = {models.URLField: {"assume_scheme": "https"}}


@admin.register(GreenArea)
class GreenAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "name_zh", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_zh", "code"]
    prepopulated_fields = {"code": ["name"]}
