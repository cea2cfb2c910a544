"""The token scheme in the OpenAPI schema (drf-spectacular)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "greentech.apitokens.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "gt_<prefix>_<secret>",
            "description": str(
                _(
                    "A personal API token, created on the account page (My account → API "
                    "tokens). Send it as `Authorization: Bearer <secret>` or "
                    "`Authorization: Token <secret>`. Reading needs the `read` scope (every "
                    "token has it); writes need `submit`, `review` or `staff`."
                )
            ),
        }
