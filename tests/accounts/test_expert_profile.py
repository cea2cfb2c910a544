import pytest
from django.urls import reverse

from greentech.accounts.exceptions import AccountsError
from greentech.accounts.models import ExpertProfile, Role
from greentech.accounts.rules import is_profile_owner
from greentech.accounts.services import expert_profile_save
from tests.factories import (
    DEFAULT_PASSWORD,
    ExpertFactory,
    ExpertProfileFactory,
    GreenAreaFactory,
    InstitutionFactory,
    PartnerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:expert_profile")


def log_in(client, user, **extra):
    return client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": DEFAULT_PASSWORD, **extra},
    )


def complete_profile(expert):
    return ExpertProfileFactory(user=expert, languages="en", green_areas=[GreenAreaFactory()])


# --- First login --------------------------------------------------------------------------------


def test_an_expert_without_a_profile_is_sent_to_it_at_login(client):
    expert = ExpertFactory()
    response = log_in(client, expert)
    assert response.status_code == 302
    assert response["Location"] == f"{PROFILE_URL}?next=%2F"


def test_an_expert_with_an_incomplete_profile_is_sent_to_it_at_login(client):
    expert = ExpertProfileFactory(languages="en").user  # no green area yet
    response = log_in(client, expert)
    assert response["Location"].startswith(PROFILE_URL)


def test_an_expert_with_a_complete_profile_goes_where_they_were_heading(client):
    expert = ExpertFactory()
    complete_profile(expert)
    response = log_in(client, expert, next="/technologies/")
    assert response["Location"] == "/technologies/"


@pytest.mark.parametrize("make_user", [UserFactory, PartnerFactory])
def test_people_who_are_not_experts_are_not_sent_to_the_profile(client, make_user):
    response = log_in(client, make_user())
    assert response["Location"] == reverse("home")


def test_the_profile_page_sends_the_expert_on_after_saving(client):
    expert = ExpertFactory()
    area = GreenAreaFactory()
    redirected = log_in(client, expert, next="/technologies/")
    form_page = client.get(redirected["Location"])

    response = client.post(
        PROFILE_URL,
        {"green_areas": [area.pk], "languages": ["en"], "next": "/technologies/"},
    )

    assert 'name="next" value="/technologies/"' in form_page.content.decode()
    assert response["Location"] == "/technologies/"
    assert ExpertProfile.objects.get(user=expert).is_complete


def test_the_profile_page_ignores_a_next_address_on_another_site(client):
    expert = ExpertFactory()
    client.force_login(expert)
    response = client.post(
        PROFILE_URL,
        {
            "green_areas": [GreenAreaFactory().pk],
            "languages": ["en"],
            "next": "https://elsewhere.example.com/",
        },
    )
    assert response["Location"] == reverse("accounts:profile")


# --- The page -----------------------------------------------------------------------------------


def test_the_profile_page_sends_anonymous_visitors_to_log_in(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("make_user", [UserFactory, PartnerFactory])
def test_the_profile_page_is_refused_to_people_who_are_not_experts(client, make_user):
    client.force_login(make_user())
    assert client.get(PROFILE_URL).status_code == 403
    response = client.post(
        PROFILE_URL, {"green_areas": [GreenAreaFactory().pk], "languages": ["en"]}
    )
    assert response.status_code == 403
    assert not ExpertProfile.objects.exists()


def test_an_expert_fills_the_profile(client):
    expert = ExpertFactory()
    air, water = GreenAreaFactory(name="Air"), GreenAreaFactory(name="Water")
    conflict = InstitutionFactory(name="Competing Institute")
    client.force_login(expert)

    page = client.get(PROFILE_URL)
    response = client.post(
        PROFILE_URL,
        {
            "green_areas": [air.pk, water.pk],
            "languages": ["en", "fr"],
            "conflict_institutions": [conflict.pk],
            "bio": "Twenty years of flue-gas treatment.",
            "is_available": "on",
        },
        follow=True,
    )

    assert page.status_code == 200
    assert "Competing Institute" in page.content.decode()
    assert "Your expertise profile was saved." in response.content.decode()
    profile = ExpertProfile.objects.get(user=expert)
    assert set(profile.green_areas.all()) == {air, water}
    assert sorted(profile.language_list) == ["en", "fr"]
    assert list(profile.conflict_institutions.all()) == [conflict]
    assert profile.bio == "Twenty years of flue-gas treatment."
    assert profile.is_available
    assert profile.is_complete


def test_an_expert_edits_the_profile_later_and_sees_what_is_saved(client):
    expert = ExpertFactory()
    area = GreenAreaFactory()
    ExpertProfileFactory(user=expert, languages="en, zh-hans", green_areas=[area], bio="Old bio")
    client.force_login(expert)

    form = client.get(PROFILE_URL).context["form"]
    client.post(PROFILE_URL, {"green_areas": [area.pk], "languages": ["zh-hans"], "bio": "New"})

    assert form.initial["languages"] == ["en", "zh-hans"]
    assert form.initial["bio"] == "Old bio"
    profile = ExpertProfile.objects.get(user=expert)
    assert profile.language_list == ["zh-hans"]
    assert profile.bio == "New"
    assert not profile.is_available  # the box was left unticked


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"languages": ["en"]}, "green_areas", "Choose at least one green area."),
        ({"green_areas": "AREA"}, "languages", "Choose at least one language."),
        (
            {"green_areas": "AREA", "languages": ["klingon"]},
            "languages",
            "Select a valid choice. klingon is not one of the available choices.",
        ),
        (
            {"green_areas": "AREA", "languages": ["en"], "bio": "x" * 3001},
            "bio",
            "Ensure this value has at most 3000 characters (it has 3001).",
        ),
        ({"green_areas": ["999999"], "languages": ["en"]}, "green_areas", "Select a valid choice."),
    ],
    ids=["no-area", "no-language", "unknown-language", "bio-too-long", "unknown-area"],
)
def test_bad_input_re_renders_the_profile_form_with_the_error(client, data, field, message):
    expert = ExpertFactory()
    area = GreenAreaFactory()
    if data.get("green_areas") == "AREA":
        data = {**data, "green_areas": [area.pk]}
    client.force_login(expert)

    response = client.post(PROFILE_URL, data)

    assert response.status_code == 200
    assert any(error.startswith(message) for error in response.context["form"].errors[field])
    assert not ExpertProfile.objects.filter(user=expert).exists()


def test_the_service_refuses_unknown_language_codes():
    expert = ExpertFactory()
    with pytest.raises(AccountsError) as caught:
        expert_profile_save(
            user=expert,
            green_areas=[GreenAreaFactory()],
            languages=["en", "klingon"],
            conflict_institutions=[],
        )
    assert "klingon" in str(caught.value)


def test_the_service_refuses_people_who_are_not_experts():
    with pytest.raises(AccountsError, match="Only expert reviewers"):
        expert_profile_save(
            user=UserFactory(),
            green_areas=[GreenAreaFactory()],
            languages=["en"],
            conflict_institutions=[],
        )


def test_the_edit_rule_is_for_the_expert_themself():
    expert, other_expert = ExpertFactory(), ExpertFactory()
    own = ExpertProfile(user=expert)
    assert expert.has_perm("accounts.edit_expert_profile", own)
    assert not other_expert.has_perm("accounts.edit_expert_profile", own)
    partner = UserFactory(roles=[Role.PARTNER_SUBMITTER])
    assert not partner.has_perm("accounts.edit_expert_profile", ExpertProfile(user=partner))
    assert not is_profile_owner(expert, None)
