"""Every directory and country page renders on the demo data, in English and in Chinese."""

import pytest
from django.urls import reverse

from centres.models import Centre, Institution
from greentech.countries.selectors import cooperation_by_country
from greentech.demo.loader import load_demo
from labs.models import JointLab

pytestmark = pytest.mark.django_db


def demo_urls() -> list[str]:
    urls = [
        reverse("centres:centre_list"),
        reverse("centres:institution_list"),
        reverse("labs:list"),
        reverse("countries:index"),
    ]
    urls += [reverse("centres:centre_detail", args=[c.slug]) for c in Centre.objects.all()]
    urls += [
        reverse("centres:institution_detail", args=[i.slug]) for i in Institution.objects.all()
    ]
    urls += [reverse("labs:detail", args=[lab.slug]) for lab in JointLab.objects.all()]
    urls += [reverse("countries:detail", args=[code]) for code in cooperation_by_country()]
    return urls


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_demo_directory_and_country_page_renders(client, language):
    load_demo()

    for url in demo_urls():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url


def test_demo_countries_include_the_labs_partner_countries():
    load_demo()

    result = cooperation_by_country()

    assert {"MM", "MN", "CD", "TH", "MY", "SA", "PK", "EG", "DK", "GB", "SD"} <= set(result)
    assert result["MM"].labs == 1
    assert result["MM"].transfer_cases == 1
