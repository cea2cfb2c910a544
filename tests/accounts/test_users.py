import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from greentech.accounts.models import Role
from greentech.accounts.rules import is_expert_reviewer, is_partner_submitter, is_staff_curator
from tests.factories import (
    DEFAULT_PASSWORD,
    ExpertFactory,
    ExpertProfileFactory,
    PartnerFactory,
    StaffCuratorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_create_user_stores_the_email_in_lower_case():
    user = User.objects.create_user("Amina.Diallo@Example.ORG", "pw-for-sample-1")
    assert user.email == "amina.diallo@example.org"
    assert user.check_password("pw-for-sample-1")
    assert not user.is_staff


def test_create_user_without_email_is_refused():
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user("", "x")


def test_the_same_email_in_another_case_is_refused_by_the_database():
    UserFactory(email="wei@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="WEI@example.org")


def test_create_superuser_sets_the_flags():
    admin = User.objects.create_superuser("root@example.org", "pw-sample-2")
    assert admin.is_staff and admin.is_superuser


def test_login_page_accepts_the_email_in_any_case(client):
    UserFactory(email="kofi@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "KOFI@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_login_page_with_a_wrong_password_shows_an_error(client):
    UserFactory(email="kofi@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "kofi@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not client.session.get("_auth_user_id")


def test_password_reset_sends_a_link_that_sets_a_new_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="nadia@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "Nadia@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nadia@example.org"]
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    new_password = "a-much-longer-sample-password"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "ghost@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_the_three_role_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in Role} <= names


def test_curator_group_may_change_domain_models_but_not_groups():
    curators = Group.objects.get(name=Role.STAFF_CURATOR.value)
    codenames = set(curators.permissions.values_list("content_type__app_label", "codename"))
    assert ("centres", "change_institution") in codenames
    assert ("accounts", "change_user") in codenames
    assert ("auth", "view_group") in codenames
    assert ("auth", "change_group") not in codenames


def test_role_predicates_follow_group_membership():
    assert is_staff_curator(StaffCuratorFactory())
    assert not is_staff_curator(PartnerFactory())
    assert is_partner_submitter(PartnerFactory())
    assert is_expert_reviewer(ExpertFactory())
    assert not is_expert_reviewer(UserFactory())


def test_a_curator_group_member_who_is_not_staff_is_not_a_curator():
    user = UserFactory(roles=[Role.STAFF_CURATOR])
    assert not is_staff_curator(user)


def test_expert_profile_refuses_unknown_language_codes():
    profile = ExpertProfileFactory(languages="en, klingon")
    with pytest.raises(ValidationError, match="klingon"):
        profile.full_clean()


def test_expert_profile_lists_its_languages():
    profile = ExpertProfileFactory(languages="en, ZH-HANS , fr")
    assert profile.language_list == ["en", "zh-hans", "fr"]


def test_curator_cannot_edit_a_superuser_in_the_admin(curator_client, superuser):
    response = curator_client.get(reverse("admin:accounts_user_change", args=[superuser.pk]))
    assert response.status_code in (302, 403) or "view" in response.content.decode().lower()
    post = curator_client.post(
        reverse("admin:accounts_user_change", args=[superuser.pk]),
        {"email": "taken-over@example.org"},
    )
    superuser.refresh_from_db()
    assert superuser.email != "taken-over@example.org"
    assert post.status_code in (302, 403)


def test_curator_does_not_see_the_superuser_switch_on_a_user_page(curator_client):
    person = UserFactory()
    response = curator_client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.content.decode()
    assert 'name="groups"' in response.content.decode()


def test_admin_add_user_with_an_email_already_taken_shows_a_form_error(curator_client):
    UserFactory(email="taken@example.org")
    response = curator_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Taken@example.org",
            "password1": "sample-pass-12345",
            "password2": "sample-pass-12345",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
