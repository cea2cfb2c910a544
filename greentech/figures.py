"""The network's key figures, computed from the database (home page, reports)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from forums.selectors import forum_participant_count
from labs.models import JointLab
from labs.selectors import partner_country_codes
from technologies.models import Technology
from training.selectors import trainee_count


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int


def key_figures() -> list[Figure]:
    return [
        Figure("centres", _("Centres of excellence"), Centre.objects.count()),
        Figure("labs", _("Joint laboratories"), JointLab.objects.count()),
        Figure("partner_countries", _("Partner countries"), len(partner_country_codes())),
        Figure(
            "technologies", _("Technologies in the pool"), Technology.objects.published().count()
        ),
        Figure("trainees", _("Trainees"), trainee_count()),
        Figure("forum_participants", _("Forum participants"), forum_participant_count()),
    ]
