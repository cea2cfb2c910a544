"""The API schema's error responses: every operation documents the errors it can answer.

The bodies are the API's one error format (`greentech.api_errors`):

- 400: the messages by field, `{"<field>": ["message"], "non_field_errors": ["message"]}`
  (nested for nested fields), or `{"detail": ..., "code": ...}` for a body that cannot be read;
- any other error: `{"detail": "text", "code": "text"}`.

Which operation documents which code follows from the view, so a new endpoint is documented
without a word (`PortalAutoSchema`, the project's `DEFAULT_SCHEMA_CLASS`):

- 400 for an operation with a body (every unsafe method: the services refuse with a 400 too),
  query parameters (a filter value it cannot read) or path parameters (undecodable input, e.g.
  a NUL character);
- 401 and 403 for an operation that needs a login (its security requirements have no anonymous
  entry); 403 also for every unsafe method (a refusal, or a session without its CSRF token);
- 404 for an operation with a path parameter (no such object among those you may see) and for
  a paginated list (a page past the end);
- 409 for every unsafe method (a state conflict: already registered, already decided ...),
  and 415 (a body in a media type it does not read);
- 429 for an operation with a throttle, with its `Retry-After` header.

A response the view declares itself keeps its description; it gets the error body when it
declares none.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, build_media_type_object

from .models import GreenArea
from .taxonomy import GREEN_AREAS

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

ERROR_COMPONENT = "Error"
FIELD_ERRORS_COMPONENT = "FieldErrors"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: a readable message and a stable code.",
    "properties": {
        "detail": {"type": "string", "description": "The message, in the request's language."},
        "code": {"type": "string", "description": "A stable code, e.g. `not_found`."},
    },
    "required": ["detail"],
}

# The messages by field; a nested serializer's errors are an object of the same shape, a list
# of nested objects a list of such objects (one per item, empty for a valid item).
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": (
        "Refused input: the messages by field name; `non_field_errors` for the input as a "
        "whole. Nested fields nest the same way."
    ),
    "additionalProperties": {
        "anyOf": [
            {
                "type": "array",
                "items": {"anyOf": [{"type": "string"}, _ref(FIELD_ERRORS_COMPONENT)]},
            },
            _ref(FIELD_ERRORS_COMPONENT),
        ]
    },
    "example": {"name": ["This field is required."], "non_field_errors": ["The call is closed."]},
}

DESCRIPTIONS = {
    "400": _("Refused input: the messages by field."),
    "401": _("Not authenticated: log in (or give valid credentials) first."),
    "403": _("Not allowed for you."),
    "404": _("Not found among what you may see."),
    "409": _("Conflicts with the current state."),
    "415": _("Unsupported media type: send JSON (or the form the operation names)."),
    "429": _("Too many requests: try again after Retry-After seconds."),
}

HEADERS = {
    "401": {
        "WWW-Authenticate": {
            "schema": {"type": "string"},
            "description": "How to authenticate (for a missing or bad token).",
        }
    },
    "429": {
        "Retry-After": {
            "schema": {"type": "integer"},
            "description": "Seconds to wait before trying again.",
        }
    },
}


def allowing_blank(schema: dict) -> dict:
    """A formatted string field that may also be blank (a URL, an e-mail address, a date that
    was not given): "" is not a `uri`, so the format applies only to a non-blank value."""
    if schema.get("type") != "string" or not ({"format", "pattern"} & set(schema)):
        return schema
    formatted = {key: schema[key] for key in ("format", "maxLength", "pattern") if key in schema}
    rest = {key: value for key, value in schema.items() if key not in formatted}
    return {
        **rest,
        "anyOf": [{"type": "string", **formatted}, {"type": "string", "maxLength": 0}],
    }


def filter_choices(filter_) -> list[str] | None:
    """The values a one-choice filter accepts (None when it takes any text): its choices, or
    the taxonomy's codes for a green area chosen by code."""
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        queryset = filter_.extra.get("queryset")
        if getattr(queryset, "model", None) is GreenArea:
            return [code for code, *_names in GREEN_AREAS]
        return None
    if isinstance(filter_, django_filters.ChoiceFilter) and not isinstance(
        filter_, django_filters.MultipleChoiceFilter
    ):
        choices = filter_.extra.get("choices") or []
        choices = choices() if callable(choices) else choices
        return [str(value) for value, _label in choices if value != ""]
    return None


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema plus the error responses each operation can answer, the
    values a choice filter accepts, and blank values where a field allows them."""

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        if filterset is None:
            return parameters
        for parameter in parameters:
            values = filter_choices(filterset.base_filters.get(parameter["name"]))
            if not values:
                continue
            schema = parameter.get("schema", {})
            # A blank value means "any", as on the directory pages.
            if "enum" not in schema:
                parameter["schema"] = {"type": "string", "enum": ["", *values]}
            elif "" not in schema["enum"]:
                schema["enum"] = ["", *schema["enum"]]
        return parameters

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        if getattr(field, "allow_blank", False):
            blank = allowing_blank(schema)
            schema.clear()
            schema.update(blank)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        self._register_error_components()
        for code in self.error_codes():
            responses[code] = self._error_response(code, responses.get(code))
        return responses

    # --- which errors ------------------------------------------------------------------

    def needs_login(self) -> bool:
        """Whether an anonymous request is refused (no anonymous security requirement)."""
        return {} not in self.get_auth()

    def has_query_parameters(self) -> bool:
        if self.method in UNSAFE_METHODS:
            return False
        return bool(self._get_filter_parameters() or self._paginated())

    def _paginated(self) -> bool:
        return self.method == "GET" and bool(self._is_list_view() and self._get_paginator())

    def error_codes(self) -> list[str]:
        unsafe = self.method in UNSAFE_METHODS
        codes = []
        has_path_parameter = "{" in self.path
        if unsafe or self.has_query_parameters() or has_path_parameter:
            codes.append("400")
        if self.needs_login():
            codes.append("401")
        if unsafe or self.needs_login():
            codes.append("403")
        if has_path_parameter or self._paginated():
            codes.append("404")
        if unsafe:
            codes.append("409")
            codes.append("415")
        if self.view.get_throttles():
            codes.append("429")
        return codes

    # --- how they look -----------------------------------------------------------------

    def _register_error_components(self):
        for name, schema in (
            (ERROR_COMPONENT, ERROR_SCHEMA),
            (FIELD_ERRORS_COMPONENT, FIELD_ERRORS_SCHEMA),
        ):
            self.registry.register_on_missing(
                ResolvedComponent(
                    name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
                )
            )

    def _error_body_schema(self, code: str) -> dict:
        if code == "400":
            return {"anyOf": [_ref(FIELD_ERRORS_COMPONENT), _ref(ERROR_COMPONENT)]}
        return _ref(ERROR_COMPONENT)

    def _error_response(self, code: str, declared: dict | None) -> dict:
        response = dict(declared or {})
        if not response.get("description"):
            response["description"] = DESCRIPTIONS[code]
        if not response.get("content"):
            response["content"] = {
                media_type: build_media_type_object(self._error_body_schema(code))
                for media_type in self.map_renderers("media_type")
            }
        if code in HEADERS:
            response["headers"] = {**HEADERS[code], **response.get("headers", {})}
        return response
