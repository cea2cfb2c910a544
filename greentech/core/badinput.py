"""Input no page or API can take, refused before any view sees it (400, never a 500).

PostgreSQL cannot store or compare a text with a NUL character, so a `%00` in a slug, a code,
a filter or a form field that reaches a query fails inside the database driver. Bytes that are
not UTF-8 cannot be meant by any client of the portal. `BadInputMiddleware` answers with a 400:

- a NUL or non-UTF-8 bytes in the path (URL arguments reach lookups before any form sees them);
- non-UTF-8 bytes in the query string or an urlencoded form, anywhere;
- a NUL in the query string or a form's fields (or an uploaded file's name) under `/api/`.

On pages, a NUL in a query parameter or a form field reaches the page's form, which refuses it
like any other bad value (Django's fields reject NUL characters): the page shows which field
or filter was wrong, which helps a person more than a bare 400. JSON bodies are checked by the
API's parser (`greentech.core.jsonparser`), which also refuses nesting past `JSON_MAX_DEPTH`.
"""

from urllib.parse import unquote_to_bytes

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _undecodable(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _bad_path(request) -> bool:
    # WSGI hands the path over as bytes in a latin-1 str; Django re-quotes what is not UTF-8.
    raw = request.META.get("PATH_INFO", "")
    try:
        raw_bytes = raw.encode("latin-1")
    except UnicodeEncodeError:  # not a WSGI string (ASGI, the test client): already text
        raw_bytes = raw.encode("utf-8", "surrogatepass")
    return "\x00" in request.path_info or _undecodable(unquote_to_bytes(raw_bytes))


def _bad_encoded(query: str, *, nul: bool) -> bool:
    """A query string (or an urlencoded body) holding bytes that are not UTF-8, or (`nul`) a
    NUL."""
    raw = unquote_to_bytes(query.replace("+", " "))
    return (nul and b"\x00" in raw) or _undecodable(raw)


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _bad_form(request) -> bool:
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method not in ("POST", "PUT", "PATCH") or not content_type.startswith(FORM_TYPES):
        return False
    if content_type.startswith(FORM_TYPES[0]) and request.method == "POST":
        try:
            body = request.body
        except Exception:  # too large: Django answers it
            return False
        if _bad_encoded(body.decode("latin-1"), nul=_is_api(request)):
            return True
    if not _is_api(request):
        return False
    try:
        fields = request.POST
        files = request.FILES
    except Exception:  # a malformed multipart body: Django answers it with a 400
        return False
    texts = list(fields) + [value for key in fields for value in fields.getlist(key)]
    texts += [upload.name or "" for key in files for upload in files.getlist(key)]
    return any("\x00" in text for text in texts)


def bad_input_response(request, message: str):
    if _is_api(request) or "json" in request.META.get("HTTP_ACCEPT", ""):
        return JsonResponse({"detail": message, "code": "invalid_input"}, status=400)
    return render(
        request,
        "error.html",
        {"title": _("This request cannot be carried out"), "error_messages": [message]},
        status=400,
    )


class BadInputMiddleware:
    """Refuse, with a 400 (JSON under /api/, a page elsewhere), a request whose path holds a
    NUL or bytes that are not UTF-8, whose query string or form holds bytes that are not UTF-8,
    or, under /api/, whose query string or form fields hold a NUL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _bad_path(request):
            return bad_input_response(request, _("The address holds characters it cannot hold."))
        if _bad_encoded(request.META.get("QUERY_STRING", ""), nul=_is_api(request)):
            return bad_input_response(
                request, _("The query string holds characters it cannot hold.")
            )
        if _bad_form(request):
            return bad_input_response(request, _("The form holds characters it cannot hold."))
        return self.get_response(request)
