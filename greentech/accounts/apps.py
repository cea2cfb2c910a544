from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "greentech.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .lockout import connect_signals
        from .roles import sync_role_groups

        connect_signals()

        post_migrate.connect(sync_role_groups, dispatch_uid="accounts_sync_role_groups")
