"""The demo carries the curated Chinese names, and the public pages show them in Chinese."""

import pytest
from django.urls import reverse

from centres.models import Centre, Institution
from forums.models import ForumEvent
from greentech.demo import data
from greentech.demo.loader import load_demo
from training.models import Programme

pytestmark = pytest.mark.django_db

CEGT_ZH = "中国科学院-发展中国家科学院绿色技术卓越中心"


def test_demo_data_names_the_centres_in_chinese():
    assert data.CEGT["name_zh"] == CEGT_ZH
    assert data.CEGT["mission_zh"]
    assert data.BTBU_ECOSF_CENTRE["name_zh"]
    assert data.BTBU_ECOSF_CENTRE["mission_zh"]


def test_demo_data_chinese_names_are_chinese_or_empty():
    texts = [row[-1] for row in data.INSTITUTIONS]
    texts += [data.GT2018["title_zh"], data.GT2018["summary_zh"]]
    texts += [data.TRAINING_PROGRAMME["title_zh"], data.SHANGHAI_COHORT["title_zh"]]
    for text in texts:
        assert text == "" or any("\u4e00" <= char <= "\u9fff" for char in text), text


def test_loaded_demo_holds_the_chinese_names():
    load_demo()

    assert Centre.objects.get(slug="cegt").name_zh == CEGT_ZH
    assert Institution.objects.get(slug="ipe-cas").name_zh == "中国科学院过程工程研究所"
    assert Institution.objects.get(slug="scg").name_zh == "暹罗水泥集团"
    assert Programme.objects.get(slug=data.TRAINING_PROGRAMME["slug"]).title_zh
    gt2018 = ForumEvent.objects.get(slug="gt2018")
    assert gt2018.title_zh == data.GT2018["title_zh"]
    assert gt2018.summary_zh == data.GT2018["summary_zh"]


def test_demo_centre_and_institution_pages_show_chinese_names_under_zh_hans(client):
    load_demo()

    centre = client.get(
        reverse("centres:centre_detail", args=["cegt"]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    institutions = client.get(reverse("centres:institution_list"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert f"<h1>{CEGT_ZH}</h1>" in centre.content.decode()
    assert "中国科学院过程工程研究所" in institutions.content.decode()


def test_demo_pages_show_english_names_by_default(client):
    load_demo()

    response = client.get(reverse("centres:centre_detail", args=["cegt"]))

    assert "<h1>CAS-TWAS Centre of Excellence for Green Technology</h1>" in (
        response.content.decode()
    )
