"""The expert's own profile: what they know, speak and must not review."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from centres.models import Institution
from greentech.core.models import GreenArea

from ..exceptions import AccountsError
from ..models import ExpertProfile, Role, User, validate_language_codes

logger = logging.getLogger(__name__)


def expert_profile_save(
    *,
    user: User,
    green_areas: list[GreenArea],
    languages: list[str],
    conflict_institutions: list[Institution],
    bio: str = "",
    is_available: bool = True,
) -> ExpertProfile:
    """Create or update the expert's profile. At least one green area and one language: they are
    what the portal matches submissions with."""
    if not user.groups.filter(name=Role.EXPERT_REVIEWER.value).exists():
        raise AccountsError(_("Only expert reviewers have an expertise profile."))
    errors = {}
    if not green_areas:
        errors["green_areas"] = _("Choose at least one green area.")
    codes = [code.strip().lower() for code in languages if code.strip()]
    if not codes:
        errors["languages"] = _("Choose at least one language.")
    else:
        try:
            validate_language_codes(", ".join(codes))
        except ValidationError as exc:
            errors["languages"] = exc.messages
    if errors:
        raise AccountsError(errors)
    with transaction.atomic():
        profile, created = ExpertProfile.objects.select_for_update(of=("self",)).get_or_create(
            user=user
        )
        profile.languages = ", ".join(dict.fromkeys(codes))
        profile.bio = bio.strip()
        profile.is_available = is_available
        profile.save()
        profile.green_areas.set(green_areas)
        profile.conflict_institutions.set(conflict_institutions)
        logger.info("Expert profile of user %s %s", user.pk, "created" if created else "updated")
    return profile
