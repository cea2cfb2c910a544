"""Sessions kept in the database and read through the shared cache, riding out a cache outage.

Django's `cached_db` store already survives a failed cache read or write on save, but it still
raises when it fills the cache after a database read, asks whether a key exists, or forgets a
session at log-out: with Redis down every signed-in page would answer 500. Here every cache call
is a logged miss and the database, which holds every session anyway, answers alone.

A log-out while the cache is unreachable cannot remove the cached copy, so a copy lives in the
cache for at most `SESSION_CACHE_SECONDS`: the longest a session ended during an outage could
still be read once the cache is back.
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db

logger = logging.getLogger("greentech.sessions")


class SessionStore(cached_db.SessionStore):
    def _cache_seconds(self, expiry_age: int) -> int:
        return max(0, min(expiry_age, settings.SESSION_CACHE_SECONDS))

    def _cache_set(self, data: dict, expiry_age: int) -> None:
        try:
            self._cache.set(self.cache_key, data, self._cache_seconds(expiry_age))
        except Exception as exc:
            logger.warning("Session cache unavailable on write (%s).", type(exc).__name__)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception as exc:
            logger.warning("Session cache unavailable on read (%s).", type(exc).__name__)
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache_set(data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def exists(self, session_key):
        if not session_key:
            return False
        try:
            if (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception as exc:
            logger.warning("Session cache unavailable on lookup (%s).", type(exc).__name__)
        return cached_db.DBStore.exists(self, session_key)

    def save(self, must_create=False):
        cached_db.DBStore.save(self, must_create)
        self._cache_set(self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        cached_db.DBStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception as exc:
            logger.warning(
                "Session cache unavailable on delete (%s): the cached copy expires within %s s.",
                type(exc).__name__,
                settings.SESSION_CACHE_SECONDS,
            )
