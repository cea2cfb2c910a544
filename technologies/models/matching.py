"""Staff decisions on need <-> technology matches, and the text similarity the matching ranks by.

Suggestions are computed, never stored: the ranking in `technologies.selectors` scores every
published technology against a need. A `NeedMatch` row records what a staff curator decided
about one pair: confirmed (the technology answers the need) or dismissed (never suggest it
again for this need).
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchQueryField
from django.db import models
from django.db.models import Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greentech.core.models import TimeStampedModel

from .technology import SEARCH_CONFIG, SEARCH_DOCUMENT

# A technology in the need's green area gets a whole point; wording shared with the need adds
# less than one more (see `text_score`), so the same area always ranks above wording alone.
AREA_SCORE = 1.0


class NeedMatchStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    DISMISSED = "dismissed", _("dismissed")


class NeedMatch(TimeStampedModel):
    """A curator's decision on whether a pool technology answers a stated need."""

    need = models.ForeignKey(
        "technologies.TechnologyNeed",
        verbose_name=_("need"),
        on_delete=models.CASCADE,
        related_name="matches",
    )
    technology = models.ForeignKey(
        "technologies.Technology",
        verbose_name=_("technology"),
        on_delete=models.CASCADE,
        related_name="need_matches",
    )
    status = models.CharField(_("status"), max_length=10, choices=NeedMatchStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Why the technology answers the need, or not.")
    )

    class Meta:
        ordering = ["-decided_at", "pk"]
        verbose_name = _("need match")
        verbose_name_plural = _("need matches")
        indexes = [
            models.Index(fields=["technology", "status"], name="technologies_match_tech_st_idx"),
            models.Index(fields=["status"], name="technologies_match_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "technology"],
                name="technologies_match_unique_pair",
                violation_error_message=_(
                    "A decision on this technology for this need exists already."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=NeedMatchStatus.values),
                name="technologies_match_status_valid",
                violation_error_message=_("Unknown match status."),
            ),
        ]

    def __str__(self):
        return f"{self.need} ↔ {self.technology} ({self.get_status_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == NeedMatchStatus.CONFIRMED


# --- Text similarity ------------------------------------------------------------------------


class AnyWordQuery(Func):
    """PostgreSQL: a tsquery matching any word of a text (stemmed, stop words dropped).

    `plainto_tsquery` joins the words with AND; a need and a technology seldom share all their
    words, so the ANDs become ORs and the rank then counts how many are shared."""

    template = (
        f"replace(plainto_tsquery('{SEARCH_CONFIG}'::regconfig, %(expressions)s)::text,"
        " ' & ', ' | ')::tsquery"
    )
    output_field = SearchQueryField()


_STOP_WORDS_TEXT = """
    about above after again against all also among and any are because been before being
    below between both but can could did does doing down during each few for from further
    had has have having her here hers him his how into its itself just more most much must
    need needed needs new not now off once only other our out over own per same she should
    some such than that the their them then there these they this those through too under
    until upon use used uses using very via was were what when where which while who whom
    why will with within without would you your sample
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
WORD = re.compile(r"[^\W\d_]{3,}")


def _stem(word: str) -> str:
    """A light English stem, enough to pair "plastics" with "plastic"."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def match_words(text: str) -> set[str]:
    """The words of `text` the matching compares (lower case, no stop words)."""
    return {_stem(word) for word in WORD.findall((text or "").lower()) if word not in STOP_WORDS}


def text_score(shared: int) -> float:
    """Shared wording as a score below 1 (like PostgreSQL's rank / (rank + 1))."""
    return shared / (shared + 1) if shared > 0 else 0.0


# The texts of the technology's search vector (see SEARCH_DOCUMENT).
TECHNOLOGY_TEXT_FIELDS = tuple(field for field, _weight in SEARCH_DOCUMENT)


def technology_text(technology) -> str:
    return " ".join(getattr(technology, field) or "" for field in TECHNOLOGY_TEXT_FIELDS)


def need_text(need) -> str:
    return f"{need.title} {need.description}"
