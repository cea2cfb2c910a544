"""Personal API tokens: created on the account page (secret shown once, stored hashed), used
as `Token` or `Bearer`, refused with 401 when wrong, revoked or expired, limited to scopes."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from greentech.apitokens.models import ApiToken
from greentech.apitokens.services import api_token_check, api_token_create, api_token_revoke
from greentech.core.exceptions import InvalidInput, NotPermitted
from tests.factories import ExpertFactory, PartnerFactory, StaffCuratorFactory, UserFactory
from tests.technologies.builders import area_of, open_call
from tests.technologies.factories import TechnologyFactory

pytestmark = pytest.mark.django_db

SUBMISSIONS = "/api/submissions/"


def bearer(secret, keyword="Bearer"):
    return {"HTTP_AUTHORIZATION": f"{keyword} {secret}"}


def token_for(user, *scopes, **kwargs):
    return api_token_create(user=user, name="Our data system", scopes=scopes, **kwargs)


def draft_body(call):
    return {
        "call": call.slug,
        "green_area": area_of(call).code,
        "name": "Biochar kiln",
        "trl": 5,
        "target_countries": ["KE"],
    }


# --- creating, storing ----------------------------------------------------------------------


def test_the_secret_is_stored_only_as_its_sha256_digest():
    created = token_for(PartnerFactory(), "submit")

    row = ApiToken.objects.get()
    assert created.secret.startswith(row.prefix + "_")
    assert row.secret_hash == hashlib.sha256(created.secret.encode()).hexdigest()
    stored = " ".join(str(value) for value in ApiToken.objects.values_list().get())
    assert created.secret not in stored
    assert row.scopes == ["read", "submit"]


def test_a_scope_beyond_the_persons_roles_is_refused():
    with pytest.raises(NotPermitted):
        token_for(PartnerFactory(), "staff")
    with pytest.raises(NotPermitted):
        token_for(PartnerFactory(), "review")
    assert token_for(StaffCuratorFactory(), "staff").token.scopes == ["read", "staff"]
    assert token_for(ExpertFactory(), "review").token.scopes == ["read", "review"]


def test_a_token_needs_a_name_and_a_future_expiry():
    with pytest.raises(InvalidInput):
        api_token_create(user=UserFactory(), name=" ", scopes=[])
    with pytest.raises(InvalidInput):
        token_for(UserFactory(), expires_at=timezone.now() - dt.timedelta(days=1))


def test_the_account_page_creates_a_token_and_shows_its_secret_once(client):
    partner = PartnerFactory()
    client.force_login(partner)

    assert "API tokens" in client.get("/accounts/profile/").content.decode()
    response = client.post("/accounts/tokens/", {"name": "ERP link", "scopes": ["submit"]})

    assert response.status_code == 201
    token = ApiToken.objects.get(user=partner)
    page = response.content.decode()
    secret = page.split('data-token="')[1].split('"')[0]
    assert secret.startswith(token.prefix) and api_token_check(secret) == token
    listing = client.get("/accounts/tokens/").content.decode()
    assert token.prefix in listing and secret not in listing
    assert "no-store" in response["Cache-Control"]


def test_the_account_page_offers_only_the_persons_scopes(client):
    client.force_login(PartnerFactory())

    page = client.get("/accounts/tokens/").content.decode()

    assert 'value="submit"' in page
    assert 'value="staff"' not in page and 'value="review"' not in page


def test_the_account_page_needs_a_login(client):
    response = client.get("/accounts/tokens/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_person_revokes_their_token_on_the_account_page(client):
    partner = PartnerFactory()
    created = token_for(partner, "submit")
    client.force_login(partner)

    response = client.post(f"/accounts/tokens/{created.token.pk}/revoke/")

    assert response.status_code == 302
    created.token.refresh_from_db()
    assert created.token.revoked_at is not None and created.token.revoked_by == partner
    assert client.get(SUBMISSIONS, **bearer(created.secret)).status_code == 401


def test_nobody_revokes_another_persons_token_on_the_account_page(client):
    created = token_for(PartnerFactory(), "submit")
    client.force_login(PartnerFactory())

    assert client.post(f"/accounts/tokens/{created.token.pk}/revoke/").status_code == 404
    created.token.refresh_from_db()
    assert created.token.revoked_at is None


def test_revoking_is_for_the_owner_and_staff_only():
    created = token_for(PartnerFactory(), "submit")

    with pytest.raises(NotPermitted):
        api_token_revoke(token=created.token, by=PartnerFactory())
    assert api_token_revoke(token=created.token, by=StaffCuratorFactory()).revoked_at


# --- using ----------------------------------------------------------------------------------


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "bearer"])
def test_a_token_authenticates_as_its_owner(client, keyword):
    partner = PartnerFactory()
    mine = TechnologyFactory(provider=partner.institution)
    created = token_for(partner, "submit")

    response = client.get(SUBMISSIONS, **bearer(created.secret, keyword))

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    created.token.refresh_from_db()
    assert created.token.last_used_at is not None


def test_a_submit_token_starts_a_draft_without_a_csrf_token(client):
    from django.test import Client

    call = open_call()
    created = token_for(PartnerFactory(), "submit")
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(
        SUBMISSIONS, draft_body(call), content_type="application/json", **bearer(created.secret)
    )

    assert response.status_code == 201
    assert response.json()["status"] == "draft"


def test_a_read_token_cannot_write(client):
    call = open_call()
    created = token_for(PartnerFactory())

    response = client.post(
        SUBMISSIONS, draft_body(call), content_type="application/json", **bearer(created.secret)
    )

    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"
    assert client.get(SUBMISSIONS, **bearer(created.secret)).status_code == 200


def test_a_submit_token_cannot_do_staff_work_even_for_a_curator(client):
    technology = TechnologyFactory(status="submitted")
    created = token_for(StaffCuratorFactory(), "submit")

    response = client.post(
        f"{SUBMISSIONS}{technology.pk}/start-screening/",
        {},
        content_type="application/json",
        **bearer(created.secret),
    )

    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"


def test_a_staff_token_does_staff_work(client):
    technology = TechnologyFactory(status="submitted")
    created = token_for(StaffCuratorFactory(), "staff")

    response = client.post(
        f"{SUBMISSIONS}{technology.pk}/start-screening/",
        {},
        content_type="application/json",
        **bearer(created.secret),
    )

    assert response.status_code == 200, response.content


def test_a_session_is_not_limited_by_scopes(client):
    call = open_call()
    client.force_login(PartnerFactory())

    response = client.post(SUBMISSIONS, draft_body(call), content_type="application/json")

    assert response.status_code == 201


@pytest.mark.parametrize("case", ["wrong", "malformed", "revoked", "expired", "inactive owner"])
def test_a_bad_token_is_a_401_with_a_challenge(client, case):
    partner = PartnerFactory()
    created = token_for(partner, "submit", expires_at=timezone.now() + dt.timedelta(days=1))
    secret = created.secret
    if case == "wrong":
        secret = secret[:-4] + "AAAA"
    elif case == "malformed":
        secret = "not-a-token"
    elif case == "revoked":
        api_token_revoke(token=created.token, by=partner)
    elif case == "expired":
        ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    else:
        type(partner).objects.filter(pk=partner.pk).update(is_active=False)

    response = client.get(SUBMISSIONS, **bearer(secret))

    assert response.status_code == 401
    assert response.json()["code"] in {"token_invalid", "authentication_failed"}
    assert "Bearer" in response["WWW-Authenticate"]


def test_a_bad_token_is_refused_even_on_a_public_endpoint(client):
    response = client.get("/api/technologies/", **bearer("gt_AAAAAAAA_wrong"))

    assert response.status_code == 401


def test_an_anonymous_request_on_a_protected_operation_is_a_401_with_a_challenge(client):
    response = client.get(SUBMISSIONS)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Token realm="api", Bearer realm="api"'


def test_the_schema_describes_the_token_scheme(client):
    schema = client.get("/api/schema/?format=json").json()

    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert "API tokens" in scheme["description"]


# --- admin ----------------------------------------------------------------------------------


def test_staff_see_tokens_in_the_admin_without_secrets_and_revoke_them(client):
    created = token_for(PartnerFactory(), "submit")
    client.force_login(StaffCuratorFactory())

    listing = client.get("/admin/apitokens/apitoken/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert created.token.prefix in page and created.secret not in page
    assert (
        created.token.secret_hash
        not in client.get(f"/admin/apitokens/apitoken/{created.token.pk}/change/").content.decode()
    )
    assert client.get("/admin/apitokens/apitoken/add/").status_code == 403

    client.post(
        "/admin/apitokens/apitoken/",
        {"action": "revoke_selected", "_selected_action": [created.token.pk]},
    )

    created.token.refresh_from_db()
    assert created.token.revoked_at is not None
