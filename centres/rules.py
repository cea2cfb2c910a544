"""Who may see the directory of institutions, centres and alliances."""

import rules

# The directory holds organisations only (no personal data): anyone may browse it.
rules.add_perm("centres.browse_directory", rules.always_allow)
