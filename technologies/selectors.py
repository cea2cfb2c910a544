"""Read queries on the technology pool shared by pages, the API and reports.

Every public query starts from what the public may see: accepted technologies only, published
calls and needs. Nothing here returns drafts, reviews or assignments to the public.

The queries of the declaration workflow (below) start from what the given user may see, by the
rules in technologies/rules.py.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from greentech.accounts.models import ExpertProfile, Role, User
from greentech.accounts.rules import is_expert_reviewer, is_partner_submitter, is_staff_curator

from .models import (
    ApplicationCase,
    AssignmentStatus,
    Attachment,
    CollectionCall,
    Criterion,
    ImpactIndicator,
    Review,
    ReviewAssignment,
    ReviewScore,
    Technology,
    TechnologyNeed,
    TransferCase,
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
    if technology.submitted_by_id is not None:
        experts = experts.exclude(pk=technology.submitted_by_id)
    return (
        experts.exclude(institution_id=technology.provider_id)
        .exclude(expert_profile__conflict_institutions=technology.provider_id)
        .exclude(review_assignments__technology=technology)
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
