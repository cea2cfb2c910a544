import rules

# The home page, the key figures and the read-only directories are public.
rules.add_perm("core.view_public_pages", rules.always_allow)
