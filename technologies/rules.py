"""Who may see which technology. Later issues add the submitter's and the experts' rules."""

import rules

from greentech.accounts.rules import is_staff_curator

from .models import PUBLISHED_STATES


@rules.predicate
def is_published(user, technology) -> bool:
    """The technology is in the public pool (accepted)."""
    return technology is not None and technology.status in PUBLISHED_STATES


# Anyone sees a pool entry; staff curators see every declaration in every state.
rules.add_perm("technologies.view_technology", is_published | is_staff_curator)
