"""One generator per report kind: `build(parameters) -> ReportDocument`, a pure function of the
cleaned parameters (forms.PARAMETER_FORMS) over the domain selectors and querysets."""

from collections.abc import Callable

from ..models import ReportKind
from . import cooperation_annual, country_profile, pool, training_forum_stats
from .base import ReportDocument

GENERATORS: dict[str, Callable[[dict], ReportDocument]] = {
    ReportKind.POOL: pool.build,
    ReportKind.COOPERATION_ANNUAL: cooperation_annual.build,
    ReportKind.COUNTRY_PROFILE: country_profile.build,
    ReportKind.TRAINING_FORUM_STATS: training_forum_stats.build,
}


def build_document(kind: str, parameters: dict) -> ReportDocument:
    return GENERATORS[kind](parameters)
