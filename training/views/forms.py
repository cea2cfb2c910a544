"""The participant's pages: apply to a cohort, confirm the e-mail address from the e-mailed link,
see or cancel the application from its signed link, and (logged in) "my registrations".

No account is needed: the signed link is the proof that the person owns the e-mail address.
The services decide; these views show their answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from forums import selectors as forum_selectors
from forums import signing as forum_signing
from greentech.core import registrations
from greentech.core.clientip import client_ip
from greentech.core.downloads import pdf_download, safe_filename
from greentech.core.ratelimit import rate_limit_hit

from .. import services, signing
from ..certificates import render_certificate_pdf
from ..exceptions import AlreadyRegistered, InvalidApplicationLink, TrainingError
from ..forms import ApplicationForm, add_service_error, initial_for_user
from ..models import Application, ApplicationStatus, Cohort
from ..selectors import applications_of_user, cohorts_with_places_left
from .public import application_window, visible_cohort

S = ApplicationStatus


@require_http_methods(["GET", "POST"])
def apply(request, slug):
    cohort = visible_cohort(request, slug)
    window = application_window(request.user, cohort)
    context = {"cohort": cohort, "programme": cohort.programme, "window": window}
    if not window.is_open:
        # The page says why (closed, cancelled, deadline passed); a POST changes nothing.
        status = 403 if request.method == "POST" else 200
        return render(request, "training/apply.html", context, status=status)

    initial = initial_for_user(request.user)
    form = ApplicationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rate_limit_hit("registration", request=request, target=data["email"])
        try:
            services.application_submit(
                cohort=cohort,
                user=request.user,
                language=translation.get_language(),
                institution=_known_institution(request.user, data),
                **data,
            )
        except AlreadyRegistered as exc:
            # The same page as for a new application: whoever typed the address may not own
            # it. Its owner is told by e-mail.
            services.application_tell_owner(application=exc.existing, client=client_ip(request))
            return redirect("training:apply_sent", slug=cohort.slug)
        except TrainingError as exc:
            add_service_error(form, exc)
        else:
            return redirect("training:apply_sent", slug=cohort.slug)
    context["form"] = form
    return render(request, "training/apply.html", context)


def _known_institution(user, data: dict):
    """The account's institution, when the person applies for themselves (their own address)
    and kept its name in the form."""
    if not user.is_authenticated or user.institution_id is None:
        return None
    if not registrations.emails_match(user.email, data["email"]):
        return None
    institution = user.institution
    return institution if institution.name == data["institution_name"].strip() else None


def apply_sent(request, slug):
    """ "Check your e-mail": the same page for a new application and for an address that had
    applied before (then its owner got an e-mail about it)."""
    cohort = visible_cohort(request, slug)
    return render(
        request,
        "training/apply_sent.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "link_days": registrations.link_max_age().days,
        },
    )


def _invalid_link(request, exc: TrainingError):
    """An altered, expired or dead link: a page that says so (400), never an error 500."""
    return render(
        request,
        "training/confirm_invalid.html",
        {"message": exc.messages[0], "code": exc.code},
        status=400,
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (so that mail scanners opening the link confirm nothing); POST
    confirms. Once confirmed, the page shows the outcome: a place, the waitlist, or selection."""
    try:
        application = signing.read_confirm_token(token)
    except InvalidApplicationLink as exc:
        return _invalid_link(request, exc)
    error = None
    if request.method == "POST":
        was_pending = application.status == S.PENDING_CONFIRMATION
        try:
            application = services.application_confirm(application=application)
        except TrainingError as exc:
            error = exc.messages[0]
        else:
            if was_pending:
                messages.success(request, _("Thank you: your e-mail address is confirmed."))
            return redirect("training:confirm", token=token)
    return render(
        request,
        "training/confirm.html",
        {
            "application": application,
            "cohort": application.cohort,
            "error": error,
            "manage_url": _manage_path(application),
        },
    )


def _manage_path(application: Application) -> str:
    return reverse("training:manage", kwargs={"token": signing.make_manage_token(application)})


def _own_application(request, token):
    """The application of a manage link, with its cohort's places left; or the error page."""
    try:
        application = signing.read_manage_token(token)
    except InvalidApplicationLink as exc:
        return None, _invalid_link(request, exc)
    application.cohort = cohorts_with_places_left(Cohort.objects.select_related("programme")).get(
        pk=application.cohort_id
    )
    return application, None


def manage(request, token):
    """The application as its owner sees it: cohort, status, waitlist position, places left,
    certificate; and the way to cancel it."""
    application, error_page = _own_application(request, token)
    if error_page is not None:
        return error_page
    context = {
        "application": application,
        "cohort": application.cohort,
        "can_cancel": application.can_transition_to(S.CANCELLED),
        "token": token,
        "certificate": getattr(application, "certificate", None),
    }
    if application.status == S.PENDING_CONFIRMATION:
        context["confirm_url"] = reverse(
            "training:confirm", kwargs={"token": signing.make_confirm_token(application)}
        )
    return render(request, "training/manage.html", context)


@require_http_methods(["GET", "POST"])
def manage_cancel(request, token):
    """The confirmation step of a cancellation: GET asks, POST cancels."""
    application, error_page = _own_application(request, token)
    if error_page is not None:
        return error_page
    if not application.can_transition_to(S.CANCELLED):
        if application.status == S.CANCELLED:
            messages.info(request, _("This application is already cancelled."))
        return redirect("training:manage", token=token)
    error = None
    if request.method == "POST":
        try:
            services.application_cancel(application=application, note="Cancelled by link.")
        except TrainingError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("Your application is cancelled."))
            return redirect("training:manage", token=token)
    return render(
        request,
        "training/manage_cancel.html",
        {"application": application, "cohort": application.cohort, "error": error, "token": token},
    )


def manage_certificate(request, token):
    """The certificate PDF, for the holder of the manage link (the stored file, or rendered
    again if it is missing)."""
    application, error_page = _own_application(request, token)
    if error_page is not None:
        return error_page
    certificate = getattr(application, "certificate", None)
    if certificate is None:
        raise Http404
    content = None
    if certificate.file:
        try:
            with certificate.file.open("rb") as stored:
                content = stored.read()
        except OSError:
            content = None
    if content is None:
        certificate.application = application
        content = render_certificate_pdf(certificate)
    return pdf_download(safe_filename(f"certificate-{certificate.code}", "pdf"), content)


@login_required
def my_registrations(request):
    """The logged-in person's training applications and forum registrations (linked to their
    account, or made with their verified e-mail address), each with its manage link."""
    applications = list(applications_of_user(request.user))
    for application in applications:
        application.manage_path = _manage_path(application)
    registrations = list(forum_selectors.registrations_of_user(request.user))
    for registration in registrations:
        registration.manage_path = reverse(
            "forums:manage", kwargs={"token": forum_signing.make_manage_token(registration)}
        )
    return render(
        request,
        "training/my_registrations.html",
        {
            "applications": applications,
            "registrations": registrations,
            "email_verified": getattr(request.user, "email_verified", False),
        },
    )
