"""The registrant's pages: register for an event, confirm the e-mail address from the e-mailed
link, see or cancel the registration from its signed link.

No account is needed: the signed link is the proof that the person owns the e-mail address.
The services decide; these views show their answers. (The logged-in "my registrations" page,
which lists forum registrations too, is training's `my_registrations`.)"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from greentech.core import registrations
from greentech.core.clientip import client_ip
from greentech.core.ratelimit import rate_limit_hit

from .. import services, signing
from ..exceptions import AlreadyRegistered, ForumsError, InvalidRegistrationLink
from ..forms import RegistrationForm, add_service_error, initial_for_user
from ..models import Registration, RegistrationStatus
from ..selectors import events_with_places_left
from .public import registration_window, visible_event

S = RegistrationStatus


@require_http_methods(["GET", "POST"])
def register(request, slug):
    event = visible_event(request, slug)
    window = registration_window(request.user, event)
    context = {"event": event, "window": window}
    if not window.is_open:
        # The page says why (closed, cancelled, deadline passed); a POST changes nothing.
        status = 403 if request.method == "POST" else 200
        return render(request, "forums/register.html", context, status=status)

    form = RegistrationForm(
        request.POST if request.method == "POST" else None, initial=initial_for_user(request.user)
    )
    if request.method == "POST" and form.is_valid():
        rate_limit_hit("registration", request=request, target=form.cleaned_data["email"])
        try:
            services.registration_submit(
                event=event,
                user=request.user,
                language=translation.get_language(),
                **form.cleaned_data,
            )
        except AlreadyRegistered as exc:
            # The same page as for a new registration: whoever typed the address may not own
            # it. Its owner is told by e-mail.
            services.registration_tell_owner(registration=exc.existing, client=client_ip(request))
            return redirect("forums:register_sent", slug=event.slug)
        except ForumsError as exc:
            add_service_error(form, exc)
        else:
            return redirect("forums:register_sent", slug=event.slug)
    context["form"] = form
    return render(request, "forums/register.html", context)


def register_sent(request, slug):
    """ "Check your e-mail": the same page for a new registration and for an address that had
    registered before (then its owner got an e-mail about it)."""
    event = visible_event(request, slug)
    return render(
        request,
        "forums/register_sent.html",
        {"event": event, "link_days": registrations.link_max_age().days},
    )


def _invalid_link(request, exc: ForumsError):
    """An altered, expired or dead link: a page that says so (400), never an error 500."""
    return render(
        request,
        "forums/confirm_invalid.html",
        {"message": exc.messages[0], "code": exc.code},
        status=400,
    )


def _manage_path(registration: Registration) -> str:
    return reverse("forums:manage", kwargs={"token": signing.make_manage_token(registration)})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (so that mail scanners opening the link confirm nothing); POST
    confirms. Once confirmed, the page shows the outcome: a place or the waitlist."""
    try:
        registration = signing.read_confirm_token(token)
    except InvalidRegistrationLink as exc:
        return _invalid_link(request, exc)
    error = None
    if request.method == "POST":
        was_pending = registration.status == S.PENDING_CONFIRMATION
        try:
            registration = services.registration_confirm(registration=registration)
        except ForumsError as exc:
            error = exc.messages[0]
        else:
            if was_pending:
                messages.success(request, _("Thank you: your e-mail address is confirmed."))
            return redirect("forums:confirm", token=token)
    return render(
        request,
        "forums/confirm.html",
        {
            "registration": registration,
            "event": registration.event,
            "error": error,
            "manage_url": _manage_path(registration),
        },
    )


def _own_registration(request, token):
    """The registration of a manage link, with its event's places left; or the error page."""
    try:
        registration = signing.read_manage_token(token)
    except InvalidRegistrationLink as exc:
        return None, _invalid_link(request, exc)
    registration.event = events_with_places_left().get(pk=registration.event_id)
    return registration, None


def manage(request, token):
    """The registration as its owner sees it: event, type, needs, status, waitlist position,
    places left; and the way to cancel it."""
    registration, error_page = _own_registration(request, token)
    if error_page is not None:
        return error_page
    context = {
        "registration": registration,
        "event": registration.event,
        "can_cancel": registration.can_transition_to(S.CANCELLED),
        "token": token,
    }
    if registration.status == S.PENDING_CONFIRMATION:
        context["confirm_url"] = reverse(
            "forums:confirm", kwargs={"token": signing.make_confirm_token(registration)}
        )
    return render(request, "forums/manage.html", context)


@require_http_methods(["GET", "POST"])
def manage_cancel(request, token):
    """The confirmation step of a cancellation: GET asks, POST cancels."""
    registration, error_page = _own_registration(request, token)
    if error_page is not None:
        return error_page
    if not registration.can_transition_to(S.CANCELLED):
        if registration.status == S.CANCELLED:
            messages.info(request, _("This registration is already cancelled."))
        return redirect("forums:manage", token=token)
    error = None
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, note="Cancelled by link.")
        except ForumsError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("Your registration is cancelled."))
            return redirect("forums:manage", token=token)
    return render(
        request,
        "forums/manage_cancel.html",
        {
            "registration": registration,
            "event": registration.event,
            "error": error,
            "token": token,
        },
    )
