import io
import logging
from pathlib import Path

import pytest
from pypdf import PdfReader

from greentech.core.pdf import (
    Badge,
    RefusedURL,
    badge_pages,
    local_url_fetcher,
    render_badge_sheet,
    render_pdf,
    static_roots,
)


def squash(text: str) -> str:
    """Text without whitespace: kerning makes text extraction split words ("T ongji")."""
    return "".join(text.split())


def pdf_text(content: bytes) -> str:
    return squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


@pytest.fixture
def pdf_template(settings, tmp_path):
    """A template folder of our own, holding one template per test."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    def write(html: str) -> str:
        (tmp_path / "sample.html").write_text(html, encoding="utf-8")
        return "sample.html"

    return write


def test_render_pdf_renders_the_template_with_its_context(pdf_template):
    name = pdf_template("<h1>Certificate for {{ person }}</h1>")
    content = render_pdf(name, {"person": "Amina Diallo"})
    assert content.startswith(b"%PDF-")
    assert squash("Certificate for Amina Diallo") in pdf_text(content)


def test_render_pdf_keeps_accented_latin_names(pdf_template):
    name = pdf_template("<p>{{ person }}</p>")
    text = pdf_text(render_pdf(name, {"person": "Nguyễn Thị Ánh, Łukasz Żółć, José Peña"}))
    assert squash("Nguyễn Thị Ánh") in text
    assert squash("Łukasz Żółć") in text
    assert squash("José Peña") in text


def test_render_pdf_fetches_nothing_from_the_network(pdf_template, caplog):
    name = pdf_template(
        '<link rel="stylesheet" href="http://198.51.100.7/style.css">'
        '<img src="https://198.51.100.7/logo.png" alt="logo"><p>still rendered</p>'
    )
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        content = render_pdf(name)
    assert "stillrendered" in pdf_text(content)
    refusals = [record for record in caplog.records if "RefusedURL" in record.getMessage()]
    assert len(refusals) == 2


def test_the_fetcher_refuses_other_schemes_and_files_outside_the_static_folders(tmp_path):
    outside = tmp_path / "secret.css"
    outside.write_text("p { color: red }")
    for url in (
        "http://example.org/a.css",
        "https://example.org/a.png",
        "ftp://x/y",
        outside.as_uri(),
    ):
        with pytest.raises(RefusedURL):
            local_url_fetcher(url)


def test_the_fetcher_refuses_a_path_escaping_the_static_folder():
    root = static_roots()[0]
    with pytest.raises(RefusedURL):
        local_url_fetcher(root.as_uri() + "/../pyproject.toml")


def test_the_fetcher_reads_files_in_the_static_folder_and_data_urls():
    stylesheet = static_roots()[0] / "css" / "portal.css"
    result = local_url_fetcher(stylesheet.as_uri())
    try:
        assert b"--green" in result["file_obj"].read()
    finally:
        result["file_obj"].close()
    data = local_url_fetcher("data:text/plain;base64,aGVsbG8=")
    body = data.get("string") or data["file_obj"].read()
    assert body == b"hello"


def test_relative_urls_resolve_in_the_static_folder(pdf_template, caplog):
    assert Path(static_roots()[0], "css", "portal.css").is_file()
    name = pdf_template('<link rel="stylesheet" href="css/portal.css"><p>styled</p>')
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        content = render_pdf(name)
    assert "styled" in pdf_text(content)
    assert not [record for record in caplog.records if "portal.css" in record.getMessage()]


def _badges(count):
    return [Badge(f"Person {n}", "Tongji University", "China", "GT2025") for n in range(count)]


@pytest.mark.parametrize(("count", "pages"), [(0, 1), (1, 1), (8, 1), (9, 2), (17, 3)])
def test_badges_are_cut_into_sheets_of_eight(count, pages):
    assert len(badge_pages(_badges(count))) == pages


def test_the_badge_sheet_has_one_page_per_eight_badges_and_shows_every_name():
    content = render_badge_sheet(_badges(9), title="GT2025")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2
    first, second = (squash(page.extract_text()) for page in reader.pages)
    assert all(f"Person{n}" in first for n in range(8))
    assert "Person8" in second and "Person7" not in second
    assert "TongjiUniversity" in first and "China" in first
