"""Routes added to the app's urls.py (kept in their own module so page groups stay apart).

The staff curator's pages ("staff/...") and the expert reviewer's ("reviews/..."). The paths
named in technologies/links.py (my_reviews, review_form, staff_submission, decision) are used
in e-mails: keep them as they are."""

from django.urls import path

from .views import expert, staff, staff_decisions

urlpatterns = [
    # Staff curators
    path("staff/", staff.staff_queue, name="staff_queue"),
    path("staff/submissions/<int:pk>/", staff.staff_submission, name="staff_submission"),
    path(
        "staff/submissions/<int:pk>/start-screening/",
        staff.start_screening,
        name="start_screening",
    ),
    path(
        "staff/submissions/<int:pk>/accept-for-review/",
        staff.accept_for_review,
        name="accept_for_review",
    ),
    path(
        "staff/submissions/<int:pk>/return-to-draft/",
        staff.return_to_draft,
        name="return_to_draft",
    ),
    path("staff/submissions/<int:pk>/assign/", staff.assign_expert, name="assign_expert"),
    path(
        "staff/submissions/<int:pk>/assignments/<int:assignment_pk>/release/",
        staff.release_assignment,
        name="release_assignment",
    ),
    path("staff/submissions/<int:pk>/decision/", staff_decisions.decision, name="decision"),
    path(
        "staff/submissions/<int:pk>/decision/release/",
        staff_decisions.release_decision,
        name="release_decision",
    ),
    path(
        "staff/calls/<slug:slug>/release/",
        staff_decisions.release_decisions,
        name="release_decisions",
    ),
    # Expert reviewers
    path("reviews/", expert.my_reviews, name="my_reviews"),
    path("reviews/<int:assignment_pk>/", expert.review_form, name="review_form"),
    path(
        "reviews/<int:assignment_pk>/conflict/",
        expert.declare_conflict,
        name="declare_conflict",
    ),
]
