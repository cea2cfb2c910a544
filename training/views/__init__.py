"""Training pages: public (`public`) and staff exports (`staff_exports`). Forms for applying,
confirming and cancelling add their own modules here."""
