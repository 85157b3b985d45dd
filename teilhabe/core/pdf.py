"""PDF documents (reports, posters, profiles) rendered from Django templates with WeasyPrint.

* Fonts are shipped with Teilhabe (Noto Sans, Noto Sans Arabic; SIL OFL 1.1), so PDFs
  look the same on every server and render Arabic, Farsi and Dari correctly.
* Documents are tagged PDF/UA-1: headings, tables and figures carry their structure,
  images need text alternatives.
* Nothing is fetched from the network: the URL fetcher serves only Teilhabe's own static
  files and ``data:`` URIs, so user-provided content cannot make the server request
  other addresses.

Templates extend ``pdf/base.html`` and fill ``{% block content %}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint.urls import URLFetcher

from teilhabe.core.lang import is_rtl

FONT_DIR = Path(__file__).resolve().parent / "static" / "fonts"
PDF_STYLESHEET = Path(__file__).resolve().parent / "static" / "teilhabe" / "css" / "pdf.css"


class PdfFetchRefusedError(ValueError):
    """A document tried to load something from outside Teilhabe."""


def _static_path(path: str) -> str | None:
    prefix = settings.STATIC_URL
    if not path.startswith(prefix):
        return None
    found = finders.find(unquote(path[len(prefix) :]))
    return str(found) if found else None


class LocalOnlyFetcher(URLFetcher):
    """Serve Teilhabe's static files, its fonts and ``data:`` URIs; refuse everything else."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        if parsed.scheme in {"file", ""}:
            static = _static_path(parsed.path)
            if static is not None:
                return super().fetch(Path(static).as_uri(), headers)
            candidate = Path(unquote(parsed.path)).resolve()
            roots = [FONT_DIR.resolve(), *(Path(p).resolve() for p in _static_roots())]
            if any(candidate.is_relative_to(root) for root in roots) and candidate.is_file():
                return super().fetch(candidate.as_uri(), headers)
        raise PdfFetchRefusedError(f"PDF documents may not load {url!r}")


def _static_roots() -> list[str]:
    roots = [str(Path(__file__).resolve().parent / "static")]
    roots.extend(str(p) for p in getattr(settings, "STATICFILES_DIRS", []))
    return roots


def render_pdf(template: str, context: dict[str, Any], *, language: str | None = None) -> bytes:
    """Render a template to a tagged PDF (PDF/UA-1) in the given language."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    lang = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(lang):
        html = render_to_string(
            template, {"pdf_language": lang, "pdf_rtl": is_rtl(lang), **context}
        )
    fonts = FontConfiguration()
    url_fetcher = LocalOnlyFetcher()
    stylesheet = CSS(
        string=PDF_STYLESHEET.read_text(encoding="utf-8"),
        base_url=FONT_DIR.as_uri() + "/",
        font_config=fonts,
        url_fetcher=url_fetcher,
    )
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=url_fetcher)
    pdf: bytes = document.write_pdf(
        stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1", pdf_tags=True
    )
    return pdf
