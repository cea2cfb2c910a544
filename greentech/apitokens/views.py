"""The person's API tokens on their account: list, create (the secret shown once), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from greentech.core.exceptions import DomainError

from . import selectors
from .forms import TokenCreateForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke


@never_cache
@login_required
def token_list(request):
    if not request.user.has_perm("apitokens.manage_own_tokens"):
        raise PermissionDenied
    form = TokenCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            )
        except DomainError as exc:
            form.add_error(None, exc)
        else:
            # Shown on this answer only: a reload or the browser's history never shows it again.
            return render(
                request,
                "apitokens/token_created.html",
                {"token": created.token, "secret": created.secret},
                status=201,
            )
    return render(
        request,
        "apitokens/token_list.html",
        {"form": form, "tokens": selectors.tokens_of(request.user)},
    )


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("apitokens:list")
