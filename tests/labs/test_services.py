import datetime

import pytest
from django.utils import timezone

from labs.models import ALLOWED_TRANSITIONS, LabStatus
from labs.services import LabStatusError, joint_lab_change_status, joint_lab_close

from .factories import JointLabFactory

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(a, b) for a in LabStatus.values for b in LabStatus.values if a != b]


@pytest.mark.parametrize(("current", "new"), ALL_PAIRS)
def test_status_change_follows_the_transitions_table(current, new):
    lab = JointLabFactory(status=current, established=datetime.date(2018, 1, 1))
    if new in ALLOWED_TRANSITIONS[current]:
        joint_lab_change_status(lab=lab, status=new)
        lab.refresh_from_db()
        assert lab.status == new
    else:
        with pytest.raises(LabStatusError):
            joint_lab_change_status(lab=lab, status=new)
        lab.refresh_from_db()
        assert lab.status == current


def test_unchanged_status_is_a_no_op():
    lab = JointLabFactory(status=LabStatus.CLOSED, closed_on=datetime.date(2020, 1, 1))
    joint_lab_change_status(lab=lab, status=LabStatus.CLOSED)
    lab.refresh_from_db()
    assert lab.closed_on == datetime.date(2020, 1, 1)


def test_closing_records_today_when_no_date_is_given():
    lab = JointLabFactory()
    joint_lab_close(lab=lab)
    lab.refresh_from_db()
    assert lab.status == LabStatus.CLOSED
    assert lab.closed_on == timezone.localdate()


def test_closing_before_establishment_is_refused():
    lab = JointLabFactory(established=datetime.date(2020, 1, 1))
    with pytest.raises(LabStatusError, match="cannot close before"):
        joint_lab_close(lab=lab, closed_on=datetime.date(2019, 1, 1))
    lab.refresh_from_db()
    assert lab.status == LabStatus.ACTIVE
    assert lab.closed_on is None
