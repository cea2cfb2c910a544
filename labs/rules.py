"""Who may see or change which joint laboratory."""

import rules

from greentech.accounts.rules import is_staff_curator

from .models import ALLOWED_TRANSITIONS, LabStatus


@rules.predicate
def can_become_active(user, lab) -> bool:
    return lab is not None and LabStatus.ACTIVE in ALLOWED_TRANSITIONS.get(lab.status, ())


@rules.predicate
def can_be_closed(user, lab) -> bool:
    return lab is not None and LabStatus.CLOSED in ALLOWED_TRANSITIONS.get(lab.status, ())


# Joint labs, their partners and outputs are public: the directory and the API show them all.
rules.add_perm("labs.browse_labs", rules.always_allow)
rules.add_perm("labs.activate_jointlab", is_staff_curator & can_become_active)
rules.add_perm("labs.close_jointlab", is_staff_curator & can_be_closed)
