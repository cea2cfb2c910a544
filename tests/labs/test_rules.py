import pytest
from django.contrib.auth.models import AnonymousUser

from labs.models import JointLab, LabStatus
from tests.factories import PartnerFactory


@pytest.mark.parametrize(
    ("status", "may_activate", "may_close"),
    [
        (LabStatus.PLANNED, True, True),
        (LabStatus.ACTIVE, False, True),
        (LabStatus.CLOSED, False, False),
    ],
)
def test_curator_may_change_a_lab_status_only_along_the_transitions(
    curator, status, may_activate, may_close
):
    lab = JointLab(status=status)
    assert curator.has_perm("labs.activate_jointlab", lab) is may_activate
    assert curator.has_perm("labs.close_jointlab", lab) is may_close


@pytest.mark.django_db
def test_partner_may_not_change_a_lab_status():
    partner = PartnerFactory()
    lab = JointLab(status=LabStatus.PLANNED)
    assert not partner.has_perm("labs.activate_jointlab", lab)
    assert not partner.has_perm("labs.close_jointlab", lab)


def test_anyone_may_browse_labs():
    assert AnonymousUser().has_perm("labs.browse_labs")
    assert not AnonymousUser().has_perm("labs.close_jointlab", JointLab(status=LabStatus.ACTIVE))
