"""Read queries on the technology pool shared by pages, the API and reports.

Every public query starts from what the public may see: accepted technologies only, published
calls and needs. Nothing here returns drafts, reviews or assignments to the public.

The queries of the declaration workflow (below) start from what the given user may see, by the
rules in technologies/rules.py.
"""

from dataclasses import dataclass, field

import rules
from django.contrib.postgres.search import SearchRank
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.utils.translation import gettext as _

from greentech.accounts.models import ExpertProfile, Role, User
from greentech.accounts.rules import is_expert_reviewer, is_partner_submitter, is_staff_curator

from .models import (
    PUBLISHED_STATES,
    ApplicationCase,
    AssignmentStatus,
    Attachment,
    CollectionCall,
    Criterion,
    ImpactIndicator,
    NeedMatch,
    NeedMatchStatus,
    Review,
    ReviewAssignment,
    ReviewScore,
    Technology,
    TechnologyNeed,
    TransferCase,
)
from .models.matching import (
    AREA_SCORE,
    AnyWordQuery,
    match_words,
    need_text,
    technology_text,
    text_score,
)
from .rules import ACTIVE_ASSIGNMENT_STATES, SCREENABLE_STATES, has_reviewed
from .scoring import DecisionSummary, summarize


def transfer_case_list() -> QuerySet[TransferCase]:
    """Transfer cases (all are curated, hence public) with partner, technology and indicators."""
    return TransferCase.objects.select_related("partner", "technology").prefetch_related(
        Prefetch("indicators", queryset=ImpactIndicator.objects.order_by("position", "pk"))
    )


def technology_public_list() -> QuerySet[Technology]:
    """The public pool: published technologies with everything a pool page shows."""
    return (
        Technology.objects.published()
        .select_related("call", "provider", "green_area")
        .prefetch_related(
            Prefetch(
                "application_cases",
                queryset=ApplicationCase.objects.order_by("position", "pk"),
            ),
            Prefetch(
                "transfer_cases",
                queryset=TransferCase.objects.select_related("partner").prefetch_related(
                    Prefetch(
                        "indicators", queryset=ImpactIndicator.objects.order_by("position", "pk")
                    )
                ),
            ),
        )
    )


def collection_call_public_list() -> QuerySet[CollectionCall]:
    """Published calls with their green areas and criteria."""
    return CollectionCall.objects.filter(is_published=True).prefetch_related(
        "green_areas",
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "name")),
    )


def technology_need_public_list() -> QuerySet[TechnologyNeed]:
    return TechnologyNeed.objects.filter(is_published=True).select_related(
        "institution", "green_area"
    )


# --- Declarations, assignments and reviews (authenticated) ---------------------------------
#
# Who sees what is written in technologies/rules.py; these querysets apply the same rules so a
# page or endpoint that starts from them answers 404 for anything else.


def _nothing() -> QuerySet[Technology]:
    return Technology.objects.none()


def _submission_base() -> QuerySet[Technology]:
    return Technology.objects.select_related("call", "provider", "green_area", "submitted_by")


def technologies_for_partner(user) -> QuerySet[Technology]:
    """The declarations of the partner's own institution, in every state."""
    if not is_partner_submitter(user) or user.institution_id is None:
        return _nothing()
    return _submission_base().filter(provider_id=user.institution_id)


def technologies_for_expert(user) -> QuerySet[Technology]:
    """The declarations assigned to the expert, leaving out declined assignments."""
    if not is_expert_reviewer(user):
        return _nothing()
    return _submission_base().filter(
        pk__in=ReviewAssignment.objects.filter(
            expert=user, status__in=ACTIVE_ASSIGNMENT_STATES
        ).values("technology_id")
    )


def technologies_visible_to(user) -> QuerySet[Technology]:
    """Every declaration the user may see: all for staff curators, otherwise their
    institution's (as a partner) and their assignments (as an expert)."""
    if is_staff_curator(user):
        return _submission_base()
    visible = Q()
    if is_partner_submitter(user) and user.institution_id is not None:
        visible |= Q(provider_id=user.institution_id)
    if is_expert_reviewer(user):
        visible |= Q(
            pk__in=ReviewAssignment.objects.filter(
                expert=user, status__in=ACTIVE_ASSIGNMENT_STATES
            ).values("technology_id")
        )
    if not visible:
        return _nothing()
    return _submission_base().filter(visible)


def with_declaration_details(queryset: QuerySet[Technology]) -> QuerySet[Technology]:
    """Adds what a declaration page shows: application cases and attachments."""
    return queryset.prefetch_related(
        Prefetch("application_cases", queryset=ApplicationCase.objects.order_by("position", "pk")),
        Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
        "call__green_areas",
    )


def screening_queue() -> QuerySet[Technology]:
    """Declarations waiting for staff screening, oldest submission first."""
    return _submission_base().filter(status__in=SCREENABLE_STATES).order_by("submitted_at", "pk")


def assignments_for_expert(user) -> QuerySet[ReviewAssignment]:
    """The expert's assignments (not declined) with their technology and review."""
    if not is_expert_reviewer(user):
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(expert=user, status__in=ACTIVE_ASSIGNMENT_STATES)
        .select_related(
            "technology__call", "technology__provider", "technology__green_area", "review"
        )
        .order_by("due_on", "pk")
    )


def with_review_form_details(queryset: QuerySet[ReviewAssignment]) -> QuerySet[ReviewAssignment]:
    """Adds what the review form shows: the call's criteria, the declaration's cases and
    attachments, the expert's own scores."""
    return queryset.prefetch_related(
        Prefetch(
            "technology__call__criteria", queryset=Criterion.objects.order_by("position", "name")
        ),
        Prefetch(
            "technology__application_cases",
            queryset=ApplicationCase.objects.order_by("position", "pk"),
        ),
        Prefetch("technology__attachments", queryset=Attachment.objects.order_by("pk")),
        Prefetch("review__scores", queryset=ReviewScore.objects.select_related("criterion")),
    )


def assignments_of_technology(technology: Technology) -> QuerySet[ReviewAssignment]:
    """Every assignment of a declaration (staff): experts, due dates, statuses."""
    return (
        ReviewAssignment.objects.filter(technology=technology)
        .select_related("expert", "assigned_by", "review")
        .order_by("due_on", "pk")
    )


def expert_conflicts(expert, technology: Technology) -> list[str]:
    """Why `expert` must not review `technology` (empty when nothing stands in the way)."""
    reasons = []
    if expert.pk is not None and expert.pk == technology.submitted_by_id:
        reasons.append(_("%(expert)s declared this technology.") % {"expert": expert})
    if expert.institution_id is not None and expert.institution_id == technology.provider_id:
        reasons.append(
            _("%(expert)s works for the provider, %(provider)s.")
            % {"expert": expert, "provider": technology.provider}
        )
    profile = ExpertProfile.objects.filter(user=expert).first()
    if (
        profile is not None
        and profile.conflict_institutions.filter(pk=technology.provider_id).exists()
    ):
        reasons.append(
            _("%(expert)s declared a conflict of interest with %(provider)s.")
            % {"expert": expert, "provider": technology.provider}
        )
    return reasons


def expert_reviewers() -> QuerySet[User]:
    """Every active expert reviewer: what the assign form accepts. Conflicts are left to the
    service, which refuses them with its own message."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.EXPERT_REVIEWER.value)
        .select_related("institution")
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def _without_conflict(experts: QuerySet[User], technology: Technology) -> QuerySet[User]:
    """Leave out who may not review `technology`: its declarer, the provider's people, experts
    who declared a conflict with the provider, and experts assigned to it already (whatever the
    assignment's status). `expert_conflicts` gives the reasons for one expert."""
    if technology.submitted_by_id is not None:
        experts = experts.exclude(pk=technology.submitted_by_id)
    return (
        experts.exclude(institution_id=technology.provider_id)
        .exclude(expert_profile__conflict_institutions=technology.provider_id)
        .exclude(review_assignments__technology=technology)
    )


def experts_without_conflict(technology: Technology, *, exclude=()) -> QuerySet[User]:
    """Active expert reviewers who may review `technology`, whatever their areas."""
    experts = _without_conflict(expert_reviewers(), technology)
    if exclude:
        experts = experts.exclude(pk__in=exclude)
    return experts


def suggest_experts(technology: Technology) -> QuerySet[User]:
    """Experts to propose for `technology`, best first.

    Active expert reviewers whose profile covers the technology's green area and who are
    available, leaving out conflicts (the provider's own people, the declarer, experts who
    declared a conflict with the provider) and experts already assigned (whatever the
    assignment's status). Ordered by their open assignments (fewest first), then by name.
    """
    experts = User.objects.filter(
        is_active=True,
        groups__name=Role.EXPERT_REVIEWER.value,
        expert_profile__is_available=True,
        expert_profile__green_areas=technology.green_area_id,
    )
    return (
        _without_conflict(experts, technology)
        .select_related("institution", "expert_profile")
        .annotate(
            open_assignments=Count(
                "review_assignments",
                filter=Q(review_assignments__status=AssignmentStatus.ASSIGNED),
                distinct=True,
            )
        )
        .distinct()
        .order_by("open_assignments", "last_name", "first_name", "email")
    )


def staff_curators() -> QuerySet[User]:
    """Active staff curators (who staff notifications go to)."""
    return (
        User.objects.filter(is_active=True, is_staff=True, groups__name=Role.STAFF_CURATOR.value)
        .distinct()
        .order_by("email")
    )


def curators_of(technology: Technology) -> list[User]:
    """The staff curators who assigned experts to `technology`; all curators when none of them
    is still an active curator."""
    curators = list(staff_curators())
    assigners = set(
        ReviewAssignment.objects.filter(technology=technology).values_list(
            "assigned_by_id", flat=True
        )
    )
    chosen = [c for c in curators if c.pk in assigners]
    return chosen or curators


def submitted_reviews(technology: Technology) -> QuerySet[Review]:
    """The submitted reviews of a declaration with their scores and experts."""
    return (
        Review.objects.filter(
            assignment__technology=technology, assignment__status=AssignmentStatus.SUBMITTED
        )
        .select_related("assignment__expert")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=ReviewScore.objects.select_related("criterion").order_by(
                    "criterion__position", "pk"
                ),
            )
        )
        .order_by("submitted_at", "pk")
    )


def decision_summary(technology: Technology) -> DecisionSummary:
    """The decision arithmetic of a declaration (staff: reviewer names included)."""
    criteria = list(technology.call.criteria.order_by("position", "name"))
    reviews = list(submitted_reviews(technology))
    pending = ReviewAssignment.objects.filter(
        technology=technology, status=AssignmentStatus.ASSIGNED
    ).count()
    return summarize(technology=technology, criteria=criteria, reviews=reviews, pending=pending)


def other_reviews_for_expert(user, technology: Technology) -> list[Review]:
    """The other experts' submitted reviews of `technology`, for an expert who submitted their
    own; empty before that. Reviewer names are hidden by the caller's serializer/template:
    each review gets a `reviewer_label` ("Reviewer 1", ...) in submission order."""
    if not has_reviewed.test(user, technology):
        return []
    reviews = [r for r in submitted_reviews(technology) if r.assignment.expert_id != user.pk]
    for number, review in enumerate(reviews, start=1):
        review.reviewer_label = _("Reviewer %(number)s") % {"number": number}
    return reviews


def attachment_for_download(user, attachment_id: int) -> Attachment:
    """The attachment if `user` may see its declaration; Http404 otherwise (a wrong id and a
    forbidden one look the same)."""
    attachment = Attachment.objects.select_related("technology").filter(pk=attachment_id).first()
    if attachment is None or not user.has_perm("technologies.download_attachment", attachment):
        raise Http404(_("No such attachment."))
    return attachment


# --- Technology needs and their matches ----------------------------------------------------
#
# A need is answered by pool technologies, ranked by one score for the pair (need, technology):
# AREA_SCORE when both are in the same green area, plus the share of wording they have in
# common (below 1). On PostgreSQL the wording is the full-text rank of the technology's search
# vector against any word of the need's title and description, normalised as rank / (rank + 1);
# elsewhere it is the number of shared words n as n / (n + 1). Either way the score is the same
# seen from the need's page and from the technology's page. Confirmed matches come first,
# dismissed ones never come back.

NEEDS_PER_PAGE = 20
TECHNOLOGIES_PER_NEED = 10
NEEDS_PER_TECHNOLOGY = 5
SHARED_WORDS_SHOWN = 6


@dataclass
class Match:
    """One technology that may answer one need, with why."""

    need: TechnologyNeed
    technology: Technology
    score: float
    same_area: bool
    shared_words: list[str] = field(default_factory=list)
    status: str = ""  # NeedMatchStatus.CONFIRMED, or "" for a suggestion
    note: str = ""

    @property
    def is_confirmed(self) -> bool:
        return self.status == NeedMatchStatus.CONFIRMED


def technology_need_for(user, slug: str) -> TechnologyNeed:
    """The need if `user` may see it (published, or any for staff); Http404 otherwise."""
    need = (
        TechnologyNeed.objects.select_related("institution", "green_area").filter(slug=slug).first()
    )
    if need is None or not rules.has_perm("technologies.view_need", user, need):
        raise Http404(_("No such technology need."))
    return need


def _confirmed_publicly() -> Q:
    return Q(
        matches__status=NeedMatchStatus.CONFIRMED,
        matches__technology__status__in=PUBLISHED_STATES,
    )


def technology_need_directory(
    *, q: str = "", country: str = "", green_area: str = ""
) -> QuerySet[TechnologyNeed]:
    """Published needs for the directory, newest first, each with its confirmed matches count.
    `q` keeps needs whose title, description or institution contains every word."""
    needs = technology_need_public_list().annotate(
        confirmed_matches=Count("matches", filter=_confirmed_publicly(), distinct=True)
    )
    for word in q.split():
        needs = needs.filter(
            Q(title__icontains=word)
            | Q(title_zh__icontains=word)
            | Q(description__icontains=word)
            | Q(institution__name__icontains=word)
            | Q(institution__short_name__icontains=word)
        )
    if country:
        needs = needs.filter(country=country)
    if green_area:
        needs = needs.filter(green_area__code=green_area)
    return needs.order_by(F("stated_on").desc(nulls_last=True), "title", "pk")


def _on_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def _with_decision(queryset: QuerySet, decided: QuerySet[NeedMatch]) -> QuerySet:
    """Annotate each row with the staff decision on its pair and leave out dismissed ones."""
    return queryset.annotate(
        match_status=Coalesce(
            Subquery(decided.values("status")[:1]), Value(""), output_field=CharField()
        ),
        match_note=Coalesce(
            Subquery(decided.values("note")[:1]), Value(""), output_field=TextField()
        ),
    ).exclude(match_status=NeedMatchStatus.DISMISSED)


def _ranked(queryset: QuerySet, *, same_area: Q, text_query, vector) -> QuerySet:
    """PostgreSQL: score the rows in the database; keep the confirmed and the scored ones."""
    text_rank = Coalesce(SearchRank(vector, AnyWordQuery(text_query), normalization=32), Value(0.0))
    return (
        queryset.annotate(
            area_score=Case(
                When(same_area, then=Value(AREA_SCORE)),
                default=Value(0.0),
                output_field=FloatField(),
            ),
            text_rank=text_rank,
        )
        .annotate(score=F("area_score") + F("text_rank"))
        .filter(Q(match_status=NeedMatchStatus.CONFIRMED) | Q(score__gt=0))
    )


def _match(need: TechnologyNeed, technology: Technology, row, score=None) -> Match:
    shared = match_words(need_text(need)) & match_words(technology_text(technology))
    same_area = need.green_area_id == technology.green_area_id
    if score is None:
        score = (AREA_SCORE if same_area else 0.0) + text_score(len(shared))
    return Match(
        need=need,
        technology=technology,
        score=round(score, 2),
        same_area=same_area,
        shared_words=sorted(shared)[:SHARED_WORDS_SHOWN],
        status=row.match_status,
        note=row.match_note,
    )


def _best(matches: list[Match], limit: int) -> list[Match]:
    """Without PostgreSQL: the same selection and order as `_ranked`, in Python."""
    kept = [m for m in matches if m.is_confirmed or m.score > 0]
    kept.sort(key=lambda m: (not m.is_confirmed, -m.score))
    return kept[:limit]


def technology_matches_for_need(
    need: TechnologyNeed, *, limit: int = TECHNOLOGIES_PER_NEED
) -> list[Match]:
    """Published technologies that may answer `need`: confirmed ones first, then the best
    suggestions (one query)."""
    candidates = _with_decision(
        Technology.objects.published().select_related("green_area", "provider"),
        NeedMatch.objects.filter(need=need, technology=OuterRef("pk")),
    )
    if _on_postgresql(candidates):
        rows = _ranked(
            candidates,
            same_area=Q(green_area_id=need.green_area_id),
            text_query=Value(need_text(need)),
            vector=F("search_vector"),
        ).order_by(*_ranked_order(), F("published_at").desc(nulls_last=True), "pk")[:limit]
        return [_match(need, row, row, row.score) for row in rows]
    matches = [_match(need, row, row) for row in candidates.order_by("-published_at", "pk")]
    return _best(matches, limit)


def need_matches_for_technology(
    technology: Technology, *, limit: int = NEEDS_PER_TECHNOLOGY
) -> list[Match]:
    """Published needs `technology` could answer: confirmed ones first, then the best
    suggestions by the same score (one query)."""
    candidates = _with_decision(
        technology_need_public_list(),
        NeedMatch.objects.filter(technology=technology, need=OuterRef("pk")),
    )
    if _on_postgresql(candidates):
        rows = _ranked(
            candidates,
            same_area=Q(green_area_id=technology.green_area_id),
            text_query=Concat("title", Value(" "), "description", output_field=TextField()),
            vector=Subquery(
                Technology.objects.filter(pk=technology.pk).values("search_vector")[:1]
            ),
        ).order_by(*_ranked_order(), F("stated_on").desc(nulls_last=True), "pk")[:limit]
        return [_match(row, technology, row, row.score) for row in rows]
    matches = [
        _match(row, technology, row)
        for row in candidates.order_by(F("stated_on").desc(nulls_last=True), "pk")
    ]
    return _best(matches, limit)


def _ranked_order() -> list:
    return [
        Case(When(match_status=NeedMatchStatus.CONFIRMED, then=Value(0)), default=Value(1)),
        F("score").desc(),
    ]


def confirmed_need_matches() -> QuerySet[NeedMatch]:
    """Confirmed matches the public sees: a published need answered by a pool technology."""
    return NeedMatch.objects.filter(
        status=NeedMatchStatus.CONFIRMED,
        need__is_published=True,
        technology__status__in=PUBLISHED_STATES,
    )


def confirmed_need_match_count(*, country: str = "") -> int:
    """How many needs-technology matches staff confirmed (of one need country, if given)."""
    matches = confirmed_need_matches()
    if country:
        matches = matches.filter(need__country=country)
    return matches.count()


def confirmed_need_match_counts_by_country() -> dict[str, int]:
    """Confirmed matches per country that stated the need: {"TH": 2, ...} (one query)."""
    rows = (
        confirmed_need_matches()
        .exclude(need__country="")
        .order_by()
        .values("need__country")
        .annotate(n=Count("pk"))
        .values_list("need__country", "n")
    )
    return dict(rows)
