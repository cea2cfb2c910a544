"""The e-mail outbox. Other apps call `greentech.notifications.notify(...)` (the services
function, imported lazily so that importing this package does not load models before the app
registry is ready)."""

__all__ = ["notify"]


def __getattr__(name):
    if name == "notify":
        from .services import notify

        return notify
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
