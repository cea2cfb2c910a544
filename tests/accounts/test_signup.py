import pytest
from django.urls import reverse

from centres.models import Institution
from greentech.accounts.models import InstitutionMembership, MembershipStatus, Role, User
from greentech.accounts.rules import is_partner_submitter
from tests.factories import InstitutionFactory, UserFactory

from .helpers import html_part, link_in

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-sample-passphrase-42"


def signup_data(**overrides):
    data = {
        "email": "Amina.Diallo@Example.ORG",
        "first_name": "Amina",
        "last_name": "Diallo",
        "country": "SN",
        "position": "Research engineer",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    return data | overrides


def post_signup(client, capture, **overrides):
    with capture(execute=True):
        return client.post(reverse("accounts:signup"), signup_data(**overrides))


def test_signup_page_offers_the_institution_directory(client):
    InstitutionFactory(name="Institute of Process Engineering")
    response = client.get(reverse("accounts:signup"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Institute of Process Engineering" in page
    assert 'name="not_listed"' in page
    assert 'name="consent"' in page


def test_signup_with_a_directory_institution_creates_an_account_waiting_for_two_things(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    institution = InstitutionFactory()

    response = post_signup(client, django_capture_on_commit_callbacks, institution=institution.pk)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    user = User.objects.get(email="amina.diallo@example.org")
    assert user.is_active and user.check_password(PASSWORD)
    assert user.first_name == "Amina" and user.country == "SN"
    assert user.consented_at is not None
    assert user.email_verified_at is None
    assert user.institution is None
    assert not is_partner_submitter(user)
    membership = InstitutionMembership.objects.get(user=user)
    assert membership.institution == institution
    assert membership.status == MembershipStatus.PENDING
    assert [m.to for m in mailoutbox] == [["amina.diallo@example.org"]]
    assert link_in(mailoutbox[0], "/accounts/verify/").startswith("/accounts/verify/")
    assert "/accounts/verify/" in html_part(mailoutbox[0])


def test_signup_done_page_says_what_happens_next(client, django_capture_on_commit_callbacks):
    post_signup(client, django_capture_on_commit_callbacks, institution=InstitutionFactory().pk)
    page = client.get(reverse("accounts:signup_done")).content.decode()
    assert "amina.diallo@example.org" in page
    assert "If <strong>amina.diallo@example.org</strong> had no account yet" in page
    assert reverse("accounts:login") in page


def test_signup_can_propose_an_institution_that_is_not_listed(
    client, django_capture_on_commit_callbacks
):
    response = post_signup(
        client,
        django_capture_on_commit_callbacks,
        not_listed="on",
        proposed_name="Kenya Water Institute",
        proposed_country="KE",
        proposed_city="Nairobi",
        proposed_kind="research_institute",
        proposed_website="https://kewi.example.org",
    )

    assert response.status_code == 302
    membership = InstitutionMembership.objects.get(user__email="amina.diallo@example.org")
    assert membership.institution is None
    assert membership.proposed_name == "Kenya Water Institute"
    assert membership.proposed_country == "KE"
    assert membership.proposed_kind == "research_institute"
    assert membership.proposed_website == "https://kewi.example.org"
    assert not Institution.objects.filter(name="Kenya Water Institute").exists()


def test_signup_without_an_institution_or_a_proposal_is_refused(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    response = post_signup(client, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "Choose your institution from the list, or propose a new one." in (
        response.content.decode()
    )
    assert not User.objects.exists()
    assert mailoutbox == []


def test_a_proposal_needs_a_name_a_country_and_a_kind(client, django_capture_on_commit_callbacks):
    response = post_signup(client, django_capture_on_commit_callbacks, not_listed="on")

    form = response.context["form"]
    assert response.status_code == 200
    for field in ("proposed_name", "proposed_country", "proposed_kind"):
        assert form.errors[field] == ["Required for a new institution."]
    assert not User.objects.exists()


def test_proposing_an_institution_already_in_the_directory_points_to_it(
    client, django_capture_on_commit_callbacks
):
    InstitutionFactory(name="Tongji University")
    response = post_signup(
        client,
        django_capture_on_commit_callbacks,
        not_listed="on",
        proposed_name="tongji university",
        proposed_country="CN",
        proposed_kind="university",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["proposed_name"] == [
        "Tongji University is already in the directory: choose it from the list instead."
    ]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "another-sample-passphrase"}, "password2", "The two passwords differ."),
        ({"password1": "123", "password2": "123"}, "password1", "This password is too short"),
        ({"consent": ""}, "consent", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"country": ""}, "country", "This field is required."),
    ],
)
def test_bad_input_re_renders_the_form_with_the_field_error(
    client, django_capture_on_commit_callbacks, overrides, field, message
):
    institution = InstitutionFactory()
    response = post_signup(
        client, django_capture_on_commit_callbacks, institution=institution.pk, **overrides
    )

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not User.objects.exists()


def test_signup_with_an_address_that_has_an_account_reveals_nothing_and_tells_the_owner(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    owner = UserFactory(email="amina.diallo@example.org")
    institution = InstitutionFactory()

    response = post_signup(client, django_capture_on_commit_callbacks, institution=institution.pk)

    # The same answer as for a new address...
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    # ...but nothing was created or changed, and the owner hears about it.
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert not owner.check_password(PASSWORD)
    assert not InstitutionMembership.objects.exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["amina.diallo@example.org"]
    assert "You already have an account" in mailoutbox[0].subject
    assert link_in(mailoutbox[0], "/accounts/login/") == reverse("accounts:login")
    assert link_in(mailoutbox[0], "/password-reset/") == reverse("accounts:password_reset")


def test_a_logged_in_person_is_sent_from_signup_to_their_account(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_the_whole_path_from_signup_to_partner_submitter(
    client, curator, django_capture_on_commit_callbacks, mailoutbox
):
    institution = InstitutionFactory(name="PTT Global Chemical")
    post_signup(client, django_capture_on_commit_callbacks, institution=institution.pk)
    verify_path = link_in(mailoutbox[0], "/accounts/verify/")

    # 1. The person confirms the address; the staff hear of the request.
    with django_capture_on_commit_callbacks(execute=True):
        verified = client.get(verify_path)
    assert verified.status_code == 200
    assert "is confirmed" in verified.content.decode()
    staff_notice = mailoutbox[1]
    assert staff_notice.to == [curator.email]
    assert "PTT Global Chemical" in staff_notice.body
    queue_path = link_in(staff_notice, "/staff/memberships/")
    assert queue_path == reverse("accounts:membership_queue")

    # 2. A curator approves from the queue page.
    client.force_login(curator)
    membership = InstitutionMembership.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:membership_approve", args=[membership.pk]), {"note": ""})

    # 3. The person is a partner submitter for the institution and is told so.
    user = User.objects.get(email="amina.diallo@example.org")
    assert user.institution == institution
    assert user.email_verified_at is not None
    assert user.has_role(Role.PARTNER_SUBMITTER)
    assert is_partner_submitter(user)
    approval = mailoutbox[2]
    assert approval.to == ["amina.diallo@example.org"]
    assert "PTT Global Chemical" in approval.subject
    assert link_in(approval, "/accounts/profile/") == reverse("accounts:profile")
