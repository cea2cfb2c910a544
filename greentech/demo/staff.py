from django.contrib.auth.models import Group
from django.utils import timezone

from greentech.accounts.models import Role, User


def ensure_demo_staff(*, email: str, password: str) -> tuple[User, bool]:
    """A staff curator (also superuser, so the demo can show every admin page) with a known
    password; running it again resets the password rather than failing."""
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email.lower(), first_name="Demo", last_name="Curator (sample)")
    user.is_staff = True
    user.is_superuser = True
    user.is_active = True
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.STAFF_CURATOR.value)[0])
    return user, created
