from .models import ApiToken


def tokens_of(user):
    """The person's tokens, newest first, revoked ones included (they show as revoked)."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created")
