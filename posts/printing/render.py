"""Turning print runs into PDFs with WeasyPrint.

Speed comes from three choices (measured in benchmarks/print_documents.py):
- one HTML document per run, however many letters, rendered once;
- one font face, loaded with @font-face from its file, so the font configuration is
  built once per process instead of being looked up through fontconfig for each run;
- the parsed stylesheets and the font configuration are reused between runs.
WeasyPrint subsets the face on output (only the glyphs used are embedded).
"""

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

_PROGRESS = logging.getLogger("weasyprint.progress")
# WeasyPrint logs every step and every page laid out (already while it is imported): that
# feeds our progress bar, not the server log.
_PROGRESS.propagate = False

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

# The printed papers are Chinese official forms, whatever the language of the screen.
PRINT_LANGUAGE = "zh-hans"


@dataclass(frozen=True)
class Face:
    family: str
    path: Path


# Noto Serif CJK is the 宋体-like face official forms are set in. The .ttc holds the
# Simplified, Traditional, Japanese and Korean variants; the document's lang="zh-Hans"
# makes HarfBuzz pick the Simplified glyph shapes.
CJK = Face("PrintSerifCJK", Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"))
# For the benchmark only: what the same papers cost without a CJK face.
LATIN = Face("PrintSerifLatin", Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"))

# A FontConfiguration wraps a Pango font map, which is not safe to share between threads;
# one render at a time per process (rendering is CPU-bound under the GIL anyway).
_LOCK = threading.Lock()


def _css_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_count_content(text):
    """'Page %(page)s of %(pages)s', translated, as CSS content: "第 " counter(page) …"""
    parts = re.split(r"%\((pages?)\)s", text)
    return " ".join(f"counter({part})" if i % 2 else _css_string(part)
                    for i, part in enumerate(parts) if i % 2 or part)


@lru_cache(maxsize=4)
def _engine(face, language):
    """The font configuration and parsed stylesheets for one face and language."""
    fonts = FontConfiguration()
    with translation.override(language):
        page_count = page_count_content(_("Page %(page)s of %(pages)s"))
    generated = (
        f"@font-face {{ font-family: {face.family}; src: url({_css_string(face.path.as_uri())}); }}\n"
        f"html {{ font-family: {face.family}; }}\n"
        f"@page {{ @bottom-center {{ content: {page_count}; }} }}\n"
    )
    stylesheets = [
        CSS(filename=finders.find("print/print.css"), font_config=fonts),
        CSS(string=generated, font_config=fonts),
    ]
    return fonts, stylesheets


def html_for(sections, *, title, language=PRINT_LANGUAGE):
    with translation.override(language):
        return render_to_string("posts/print/document.html", {
            "sections": sections, "title": title, "lang": language,
        })


class _PageCounter(logging.Handler):
    """Turns WeasyPrint's progress log into a fraction for a progress bar."""

    def __init__(self, expected_pages, report):
        super().__init__(logging.INFO)
        self.expected = max(expected_pages, 1)
        self.report = report
        self.laid_out = 0

    def emit(self, record):
        message = record.msg
        if message.startswith("Step 5 - Creating layout - Page"):
            self.laid_out += 1
            # Layout is most of the work; writing the file takes the last tenth.
            self.report(min(self.laid_out / self.expected, 1) * 0.9)
        elif message.startswith("Step 6"):
            self.report(0.9)


def write_pdf(html, *, target=None, face=CJK, language=PRINT_LANGUAGE, expected_pages=1, progress=None):
    """Render an HTML document to PDF bytes (or into `target`, a path or file)."""
    fonts, stylesheets = _engine(face, language)
    counter = _PageCounter(expected_pages, progress) if progress else None
    with _LOCK:
        if counter:
            _PROGRESS.addHandler(counter)
            _PROGRESS.setLevel(logging.INFO)
        try:
            return HTML(string=html).write_pdf(target, stylesheets=stylesheets, font_config=fonts)
        finally:
            if counter:
                _PROGRESS.removeHandler(counter)


def render_pdf(sections, *, title, target=None, progress=None, face=CJK, language=PRINT_LANGUAGE):
    html = html_for(sections, title=title, language=language)
    return write_pdf(html, target=target, face=face, language=language,
                     expected_pages=sum(s.pages for s in sections), progress=progress)
