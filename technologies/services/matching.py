"""Staff decisions on need <-> technology matches: confirm that a pool technology answers a
need, or dismiss the suggestion so it is never proposed for that need again.

One row per pair (`NeedMatch`), changed in place: confirming a dismissed suggestion confirms
it, dismissing a confirmed match withdraws it. Only a published technology can be confirmed;
any can be dismissed (e.g. a match whose technology left the pool). Deciding what is decided
already changes nothing but the note (when one is given).
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import TechnologyError
from ..models import NeedMatch, NeedMatchStatus, Technology, TechnologyNeed
from .transitions import require_staff

logger = logging.getLogger("technologies.services")

NOTE_MAX_LENGTH = 2000


def _clean_note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise TechnologyError(
            {"note": [_("Keep the note under %(max)d characters.") % {"max": NOTE_MAX_LENGTH}]},
            code="note_too_long",
        )
    return note


def _decide(
    *, need: TechnologyNeed, technology: Technology, by, note: str | None, status: str
) -> NeedMatch:
    require_staff(by)
    note = _clean_note(note)
    technology = Technology.objects.get(pk=technology.pk)
    if status == NeedMatchStatus.CONFIRMED and not technology.is_published:
        raise TechnologyError(
            {"technology": [_("Only technologies published in the pool can answer a need.")]},
            code="technology_not_published",
        )
    match = NeedMatch.objects.select_for_update().filter(need=need, technology=technology).first()
    if match is None:
        try:
            with transaction.atomic():
                match = NeedMatch.objects.create(
                    need=need, technology=technology, status=status, decided_by=by, note=note
                )
        except IntegrityError as error:
            raise TechnologyError(
                _("Someone decided on this match at the same time. Reload the page."),
                code="concurrent_decision",
            ) from error
    elif match.status != status:
        match.status = status
        match.decided_by = by
        match.decided_at = timezone.now()
        match.note = note
        match.save(update_fields=["status", "decided_by", "decided_at", "note", "modified"])
    elif note and note != match.note:
        match.note = note
        match.save(update_fields=["note", "modified"])
    else:
        return match
    logger.info(
        "Need match %s: need=%s technology=%s by=%s",
        status,
        need.pk,
        technology.pk,
        getattr(by, "pk", None),
    )
    return match


@transaction.atomic
def need_match_confirm(
    *, need: TechnologyNeed, technology: Technology, by, note: str | None = ""
) -> NeedMatch:
    """Staff: the published `technology` answers `need` (listed first on both pages)."""
    return _decide(
        need=need, technology=technology, by=by, note=note, status=NeedMatchStatus.CONFIRMED
    )


@transaction.atomic
def need_match_dismiss(
    *, need: TechnologyNeed, technology: Technology, by, note: str | None = ""
) -> NeedMatch:
    """Staff: `technology` does not answer `need`; it is no longer suggested for it (and a
    confirmed match is withdrawn)."""
    return _decide(
        need=need, technology=technology, by=by, note=note, status=NeedMatchStatus.DISMISSED
    )
