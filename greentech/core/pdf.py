"""Render Django templates to PDF with WeasyPrint, without ever reaching the network.

Templates for PDFs live in templates/pdf/. Relative URLs in them (a stylesheet, a logo)
resolve against the project's static folder; the URL fetcher only reads files under the static
folders and `data:` URLs, and refuses anything else (http, ftp, other files), so a PDF never
waits on, or leaks a request to, another host.

Fonts: the PDF styles ask for DejaVu Sans (Latin, Cyrillic, Greek...) and then the usual CJK
fonts; Pango falls back per character, so Chinese names render once a CJK font such as the
Debian package fonts-wqy-microhei or fonts-noto-cjk is installed, and show as empty boxes
otherwise.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML, default_url_fetcher

BADGES_PER_PAGE = 8  # two columns, four rows on A4
BADGES_PER_ROW = 2


def static_roots() -> list[Path]:
    """The folders a PDF may read files from: the project's static folders."""
    roots = [
        Path(entry[1] if isinstance(entry, tuple) else entry) for entry in settings.STATICFILES_DIRS
    ]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def static_base_url() -> str:
    """The base URL against which relative URLs in PDF templates resolve."""
    roots = static_roots()
    return roots[0].as_uri() + "/" if roots else Path(settings.BASE_DIR).resolve().as_uri() + "/"


class RefusedURL(ValueError):
    """A PDF template asked for a resource outside the static folders."""


def local_url_fetcher(url: str, *args, **kwargs) -> dict:
    """A WeasyPrint URL fetcher reading only `data:` URLs and files under the static folders."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "data":
        return default_url_fetcher(url, *args, **kwargs)
    if scheme == "file":
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if any(path.is_relative_to(root) for root in static_roots()) and path.is_file():
            return default_url_fetcher(path.as_uri(), *args, **kwargs)
    raise RefusedURL(f"PDF rendering does not fetch {url!r}")


def render_pdf(
    template_name: str,
    context: dict | None = None,
    *,
    request=None,
    base_url: str | None = None,
) -> bytes:
    """Render a template to HTML, then to PDF bytes."""
    html = render_to_string(template_name, context, request=request)
    document = HTML(
        string=html, base_url=base_url or static_base_url(), url_fetcher=local_url_fetcher
    )
    return document.write_pdf()


@dataclass(frozen=True)
class Badge:
    """What a name badge shows."""

    name: str
    institution: str
    country: str
    event: str


def badge_pages(badges: Sequence[Badge], per_page: int = BADGES_PER_PAGE) -> list[list[Badge]]:
    """The badges cut into A4 sheets; an empty list still gives one (empty) sheet."""
    pages = [list(badges[start : start + per_page]) for start in range(0, len(badges), per_page)]
    return pages or [[]]


def render_badge_sheet(badges: Sequence[Badge], *, title: str) -> bytes:
    """Name badges, eight per A4 page (two columns, four rows), ready to print and cut."""
    pages = [
        [page[start : start + BADGES_PER_ROW] for start in range(0, len(page), BADGES_PER_ROW)]
        for page in badge_pages(badges)
    ]
    return render_pdf("pdf/badges.html", {"title": title, "pages": pages})
