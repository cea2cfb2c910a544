"""Choice fields that appear in the API schema as one named enum each (e.g.
`TechnologyStatusEnum`), whatever the field is called, instead of an enum named after the field
("status") that would collide with other apps' "status" enums."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from ..models import AssignmentStatus, DecisionOutcome, Recommendation, TechnologyStatus


class NamedChoiceField(serializers.ChoiceField):
    """A ChoiceField over `choices_class` (a TextChoices), documented as `<enum_name>`.
    A blank value is shown as null (e.g. no staged decision)."""

    def __init__(self, choices_class, enum_name: str, **kwargs):
        self.choices_class = choices_class
        self.enum_name = enum_name
        super().__init__(choices=choices_class.choices, **kwargs)

    def to_representation(self, value):
        if value in ("", None):
            return None
        return super().to_representation(value)


def technology_status_field(**kwargs):
    return NamedChoiceField(TechnologyStatus, "TechnologyStatusEnum", **kwargs)


def assignment_status_field(**kwargs):
    return NamedChoiceField(AssignmentStatus, "AssignmentStatusEnum", **kwargs)


def decision_outcome_field(**kwargs):
    return NamedChoiceField(DecisionOutcome, "DecisionOutcomeEnum", **kwargs)


def recommendation_field(**kwargs):
    return NamedChoiceField(Recommendation, "RecommendationEnum", **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.choices_class,
            schema={
                "type": "string",
                "enum": list(field.choices_class.values),
                "description": "\n".join(
                    f"* `{value}` - {label}" for value, label in field.choices_class.choices
                ),
            },
        )
        auto_schema.registry.register_on_missing(component)
        if field.allow_null or (field.read_only and field.allow_blank):
            return {"allOf": [component.ref], "nullable": True}
        return component.ref
