"""Forum pages: public (`public`) and staff exports (`staff_exports`). Forms for registering,
confirming and cancelling add their own modules here."""
