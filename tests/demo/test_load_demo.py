import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from centres.models import Centre, Institution
from greentech.accounts.models import User
from greentech.demo.loader import load_demo
from greentech.figures import key_figures
from labs.models import JointLab
from technologies.models import TransferCase
from training.models import Cohort

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ["centres", "labs", "technologies", "training", "forums", "accounts"]


def _row_counts():
    return {
        model._meta.label: model.objects.count()
        for app in DOMAIN_APPS
        for model in apps.get_app_config(app).get_models()
    }


def test_load_demo_twice_changes_nothing():
    first = load_demo()
    counts = _row_counts()
    second = load_demo()
    assert first > 50
    assert second == 0
    assert _row_counts() == counts


def test_load_demo_keeps_what_curators_changed():
    load_demo()
    Centre.objects.filter(slug="cegt").update(mission="Edited by a curator")
    load_demo()
    assert Centre.objects.get(slug="cegt").mission == "Edited by a curator"


def test_load_demo_on_a_database_with_other_data_adds_only_what_is_missing():
    Institution.objects.create(
        name="Institute of Process Engineering, Chinese Academy of Sciences",
        slug="ipe-cas",
        kind="research_institute",
        country="CN",
        city="Beijing (edited)",
    )
    Institution.objects.create(
        name="Unrelated University", slug="unrelated", kind="university", country="KE"
    )
    load_demo()
    assert Institution.objects.get(slug="ipe-cas").city == "Beijing (edited)"
    assert Institution.objects.filter(slug="unrelated").exists()


def test_demo_holds_the_public_facts():
    load_demo()
    cegt = Centre.objects.get(slug="cegt")
    assert cegt.established.year == 2013 and cegt.established.month == 1
    assert cegt.host_institution.short_name == "IPE-CAS"
    assert JointLab.objects.filter(centre=cegt).count() == 7
    monywa = TransferCase.objects.get(slug="heap-bioleaching-copper-monywa")
    assert monywa.country.code == "MM"
    assert {i.name for i in monywa.indicators.all()} >= {"Copper cathode capacity"}
    shanghai = Cohort.objects.get(slug="2025-shanghai-session")
    assert shanghai.capacity == 22
    assert shanghai.starts_on.isoformat() == "2025-06-14"
    assert shanghai.applications.values("country").distinct().count() == 11


def test_demo_figures_are_computed_from_the_loaded_rows():
    load_demo()
    figures = {figure.key: figure.value for figure in key_figures()}
    assert figures["centres"] == Centre.objects.count() == 2
    assert figures["labs"] == 7
    assert figures["technologies"] == 4
    assert figures["trainees"] == 22
    assert figures["forum_participants"] == 13 + 5  # GT2018 delegates + sample forum
    assert figures["partner_countries"] == 11  # the seven labs' partner countries
    assert figures["need_matches"] == 1  # the sample PET need, confirmed


def test_invented_people_are_marked_as_samples():
    load_demo()
    for user in User.objects.all():
        assert "sample)" in user.last_name
        assert user.email.endswith((".example", "example.org"))


def test_load_demo_command_reports_what_it_created(capsys, settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "0 objects created" in out.splitlines()[-1]


def test_load_demo_refuses_to_run_with_debug_off_unless_told(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-without-debug"):
        call_command("load_demo")
    assert not User.objects.exists()

    call_command("load_demo", "--allow-without-debug")
    assert User.objects.filter(email="partner@pttgc.example").exists()


def test_ensure_demo_staff_creates_then_resets_an_ordinary_curator_login(client, settings):
    settings.DEBUG = True
    load_demo()
    call_command("ensure_demo_staff", email="curator@greentech.example", password="first-pass-1")
    call_command("ensure_demo_staff", email="curator@greentech.example", password="second-pass-2")
    curator = User.objects.get(email="curator@greentech.example")
    assert curator.is_staff and not curator.is_superuser
    assert list(curator.groups.values_list("name", flat=True)) == ["Staff curator"]
    assert client.login(username="curator@greentech.example", password="second-pass-2")
    assert client.get("/admin/").status_code == 200
    # Curators may not grant permissions: the admin's superuser pages stay closed.
    assert client.get("/admin/auth/group/add/").status_code == 403


def test_ensure_demo_staff_takes_back_a_superuser_status_an_earlier_version_gave(settings):
    settings.DEBUG = True
    load_demo()
    User.objects.create_superuser("curator@greentech.example", "old-pass-1")

    call_command("ensure_demo_staff")

    assert not User.objects.get(email="curator@greentech.example").is_superuser


def test_demo_staff_only_exists_where_the_demo_is_loaded(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_demo"):
        call_command("ensure_demo_staff")
    assert not User.objects.exists()


def test_ensure_demo_staff_refuses_to_run_with_debug_off_unless_told(settings):
    settings.DEBUG = False
    load_demo()
    with pytest.raises(CommandError, match="--allow-without-debug"):
        call_command("ensure_demo_staff")
    assert not User.objects.filter(is_staff=True).exists()


def test_demo_technologies_are_found_by_the_pool_search():
    from technologies.models import Technology

    load_demo()
    found = Technology.objects.published().search("artemisinin")
    assert [t.slug for t in found] == ["green-extraction-of-artemisinin"]
