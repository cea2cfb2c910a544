"""Routes added to the app's urls.py (kept in their own module so page groups stay apart)."""

urlpatterns = []
