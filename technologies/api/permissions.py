"""Who may call which action: the `rules` predicates of technologies/rules.py.

Each viewset maps an action to a predicate on the user alone (checked before the object is
loaded: a partner calling a staff action gets 403) and/or to a predicate on the user and the
object (checked on an object the user may see at all, since querysets are restricted: another
institution's declaration is a 404 first). States are left to the services, whose refusals
come back as 400 with their message.
"""

from rest_framework.permissions import BasePermission


class ActionRules(BasePermission):
    """Uses the view's `user_rules` and `object_rules`: {action: predicate}."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        predicate = getattr(view, "user_rules", {}).get(view.action)
        return predicate is None or predicate.test(user)

    def has_object_permission(self, request, view, obj) -> bool:
        predicate = getattr(view, "object_rules", {}).get(view.action)
        return predicate is None or predicate.test(request.user, obj)
