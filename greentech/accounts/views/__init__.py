"""Account pages: sign-up, e-mail verification, my account, institution link requests, the
expert profile; staff pages for link requests and invitations; accepting an invitation."""
