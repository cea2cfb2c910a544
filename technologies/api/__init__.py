"""API of the technology pool.

- `public`: read-only, for anyone: the published pool, calls, transfer cases, needs.
- `submissions`, `reviews`, `calls`: the declaration workflow, for signed-in partners,
  experts and staff curators; every request goes through `technologies.services`.
"""

from .calls import CallDecisionViewSet
from .needs import NeedMatchViewSet
from .public import (
    CollectionCallViewSet,
    TechnologyNeedViewSet,
    TechnologyViewSet,
    TransferCaseViewSet,
)
from .reviews import ReviewAssignmentViewSet
from .submissions import SubmissionViewSet

ROUTES = [
    ("technologies", TechnologyViewSet, "technology"),
    ("collection-calls", CollectionCallViewSet, "collection-call"),
    ("transfer-cases", TransferCaseViewSet, "transfer-case"),
    ("technology-needs", TechnologyNeedViewSet, "technology-need"),
    # A need's matches (GET technology-needs/{slug}/matches/) and staff confirm/dismiss.
    ("technology-needs", NeedMatchViewSet, "technology-need-matches"),
    ("submissions", SubmissionViewSet, "submission"),
    ("review-assignments", ReviewAssignmentViewSet, "review-assignment"),
    # Staff actions on a call (POST collection-calls/{slug}/release-decisions/); the public
    # call endpoints above stay read-only.
    ("collection-calls", CallDecisionViewSet, "collection-call-decisions"),
]
