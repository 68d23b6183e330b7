"""Turning print runs into PDFs with WeasyPrint.

What keeps it fast (measured with benchmarks/print_documents.py):
- one face, loaded with @font-face from its file; the font configuration and the parsed
  stylesheets are built once per process and reused; WeasyPrint embeds only the glyphs used;
- lean papers: plain text blocks for the letters, which make up most pages;
- big runs are laid out in parts of about a hundred pages whose pages are then joined
  and written as one PDF (`Document.copy`, one embedded font subset): the cost of a page
  grows with the size of the document WeasyPrint lays it out in;
- pages already laid out are kept out of the garbage collector's way (gc.freeze).
A notice or roster is laid out on its own, so its "page X of Y" counts its own pages.
"""

import gc
import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from . import documents

_PROGRESS = logging.getLogger("weasyprint.progress")
# WeasyPrint logs every step and every page laid out (already while it is imported): that
# feeds our progress bar, not the server log.
_PROGRESS.propagate = False

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

# The printed papers are Chinese official forms, whatever the language of the screen.
PRINT_LANGUAGE = "zh-hans"
PART_PAGES = 100


@dataclass(frozen=True)
class Face:
    family: str
    path: Path


# Noto Serif CJK is the 宋体-like face official forms are set in. The .ttc holds the
# Simplified, Traditional, Japanese and Korean variants; the document's lang="zh-hans"
# makes HarfBuzz pick the Simplified glyph shapes. Regular weight only: nothing is bold.
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
    if not face.path.exists():
        # Without it every Chinese character would come out as a missing-glyph box.
        raise ImproperlyConfigured(f"Font file {face.path} is missing; install fonts-noto-cjk (make sysdeps).")
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


def parts(sections, max_pages=PART_PAGES):
    """Sections grouped into the parts laid out one at a time: each numbered document on its
    own, unnumbered ones (letters, cards) together up to `max_pages`."""
    part, pages = [], 0
    for piece in (p for s in sections for p in documents.split(s, max_pages)):
        alone = documents.numbered(piece)
        if part and (alone or pages + piece.pages > max_pages):
            yield part
            part, pages = [], 0
        part.append(piece)
        pages += piece.pages
        if alone:
            yield part
            part, pages = [], 0
    if part:
        yield part


def html_for(sections, *, title, language=PRINT_LANGUAGE):
    with translation.override(language):
        return render_to_string("posts/print/document.html", {
            "sections": sections, "title": title, "lang": language,
        })


def html_parts(sections, *, title, language=PRINT_LANGUAGE):
    return [html_for(part, title=title, language=language) for part in parts(sections)]


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


def write_pdf(html_parts, *, target=None, face=CJK, language=PRINT_LANGUAGE, expected_pages=1,
              progress=None):
    """Lay out each HTML part (or one HTML string), join their pages and write one PDF
    (bytes, or into `target`)."""
    if isinstance(html_parts, str):
        html_parts = [html_parts]
    fonts, stylesheets = _engine(face, language)
    counter = _PageCounter(expected_pages, progress) if progress else None
    with _LOCK:
        if counter:
            _PROGRESS.addHandler(counter)
            _PROGRESS.setLevel(logging.INFO)
        laid_out = []
        try:
            for html in html_parts:
                laid_out.append(HTML(string=html).render(stylesheets=stylesheets, font_config=fonts))
                # The laid-out pages stay alive until the PDF is written, and every full garbage
                # collection would walk all of them again: about a third of the time for two
                # thousand pages. Frozen objects are skipped until unfreeze() below (this holds
                # back other threads' garbage too, for as long as the render lasts).
                gc.freeze()
            joined = laid_out[0].copy([page for document in laid_out for page in document.pages])
            return joined.write_pdf(target)
        finally:
            gc.unfreeze()
            if counter:
                _PROGRESS.removeHandler(counter)


def render_pdf(sections, *, title, target=None, progress=None, face=CJK, language=PRINT_LANGUAGE):
    return write_pdf(html_parts(sections, title=title, language=language), target=target, face=face,
                     language=language, expected_pages=sum(s.pages for s in sections), progress=progress)
