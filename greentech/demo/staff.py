from django.contrib.auth.models import Group
from django.utils import timezone

from greentech.accounts.models import Role, User


def ensure_demo_staff(*, email: str, password: str) -> tuple[User, bool]:
    """An ordinary staff curator (staff, in the curator group, never a superuser) with a known
    password; running it again resets the password rather than failing, and takes back a
    superuser status an earlier version gave."""
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email.lower(), first_name="Demo", last_name="Curator (sample)")
    user.is_staff = True
    user.is_superuser = False
    user.is_active = True
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.STAFF_CURATOR.value)[0])
    return user, created
