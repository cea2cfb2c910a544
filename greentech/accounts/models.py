from django.conf import global_settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField


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
