"""Turning print runs into PDFs with WeasyPrint.

What keeps it fast (measured with benchmarks/print_documents.py):
- letters, most of the pages of a big run, are merged (`plan`, merge.py): each different
  letter text is laid out once, each copy gets its name and copy mark drawn in; 1,000
  letters (2,000 pages) went from 47 s to under 2 s on a 2-core machine;
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
import io
import logging
import re
import threading
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import groupby
from pathlib import Path

import pikepdf
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from . import merge, registry
from .sections import Section, numbered, split

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
    return " ".join(f"counter({part})" if i % 2 else _css_string(part) for i, part in enumerate(parts) if i % 2 or part)


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
    own, unnumbered ones (cards) together up to `max_pages`."""
    part, pages = [], 0
    for piece in (p for s in sections for p in split(s, max_pages)):
        alone = numbered(piece)
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
        return render_to_string(
            "papers/document.html",
            {
                "sections": sections,
                "title": title,
                "lang": language,
            },
        )


@dataclass
class Plan:
    """A print run ready for WeasyPrint: what to lay out and how the laid-out pages make the
    printed document. Built where the database is at hand; rendering needs none of it."""

    title: str
    language: str
    # HTML documents, laid out one after another.
    parts: list = field(default_factory=list)
    # The printed pages in order: k (every page of part k) or a merge.Merged copy.
    output: list = field(default_factory=list)
    # {part index: anchors of the letters laid out once in it}, and the slot sheets' items.
    bases: dict = field(default_factory=dict)
    items: list = field(default_factory=list)
    # Roughly how many pages WeasyPrint lays out, for the progress bar.
    layout_pages: int = 0


# A longer name is laid out inside its letter rather than merged: it might wrap there.
NAME_SLOT_MAX = 24
# Names on one slot sheet part (about 40 a page).
NAMES_PER_PART = 2000


class _Letters:
    """Form letters of one kind set once per different text, and the names and marks to fill
    in (merge.py)."""

    def __init__(self, form, prefix):
        self.form, self.prefix = form, prefix
        self.bases = {}  # (branch pk, letter without pk and name) → anchor
        self.laid_out = []  # (branch, letter with its slot), in order of first use
        self.names = {}  # name → item anchor

    def copies(self, section):
        for letter in section.data[self.form.key]:
            inline = len(letter.name) > NAME_SLOT_MAX
            text = replace(letter, pk=0, name=letter.name if inline else "")
            key = (section.branch.pk, text)
            if key not in self.bases:
                self.bases[key] = f"{self.prefix}b{len(self.bases)}"
                self.laid_out.append((section.branch, replace(text, slot=self.bases[key])))
            base = self.bases[key]
            name = () if inline else (merge.Overlay(f"{base}-name", self._name(letter.name)),)
            for copy in range(len(self.form.copies)):
                yield merge.Merged(base, (*name, merge.Overlay(f"{base}-mark", f"{self.prefix}c{copy}", "right")))

    def _name(self, name):
        return self.names.setdefault(name, f"{self.prefix}n{len(self.names)}")

    def base_parts(self, kind, max_pages=PART_PAGES):
        """The letters to lay out, as parts of sections (one per run of the same branch)."""
        for start in range(0, len(self.laid_out), max_pages):
            chunk = self.laid_out[start : start + max_pages]
            yield [
                Section(
                    kind,
                    branch,
                    self.form.template,
                    pages=len(letters),
                    data={self.form.key: [letter for _b, letter in letters]},
                )
                for branch, letters in ((b, list(run)) for b, run in groupby(chunk, key=lambda bl: bl[0]))
            ]

    def sheet_parts(self):
        names = [(anchor, name) for name, anchor in self.names.items()]
        marks = [(f"{self.prefix}c{copy}", text) for copy, text in enumerate(self.form.copies)]
        for start in range(0, max(len(names), 1), NAMES_PER_PART):
            chunk = names[start : start + NAMES_PER_PART]
            yield [
                Section(
                    "slots",
                    None,
                    "papers/letter_slots.html",
                    pages=1 + len(chunk) // 40,
                    data={"names": chunk, "marks": marks if start == 0 else []},
                )
            ]


def plan(sections, *, title, language=PRINT_LANGUAGE):
    """Lay out form letters once per different text; everything else as it prints."""
    made = Plan(title=title, language=language)
    letters = {}  # kind → _Letters, in order of first use

    def add(part):
        made.parts.append(html_for(part, title=title, language=language))
        made.layout_pages += sum(s.pages for s in part)
        return len(made.parts) - 1

    def form_letters(section):
        form = registry.get(section.kind).form_letters if section.kind in registry.kinds() else None
        if form is not None and section.kind not in letters:
            letters[section.kind] = _Letters(form, f"merge-{len(letters)}")
        return form

    others = []
    for section in [*sections, None]:
        if section is not None and form_letters(section) is None:
            others.append(section)
            continue
        made.output += [add(part) for part in parts(others)]
        others = []
        if section is not None:
            made.output += list(letters[section.kind].copies(section))
    for kind, found in letters.items():
        for part in found.base_parts(kind):
            index = add(part)
            made.bases[index] = [letter.slot for s in part for letter in s.data[found.form.key]]
        for part in found.sheet_parts():
            add(part)
            made.items += [anchor for s in part for anchor, _text in s.data["names"] + s.data["marks"]]
    return made


class _PageCounter(logging.Handler):
    """Turns WeasyPrint's progress log into a fraction for a progress bar."""

    # Layout is most of the work; writing and merging the pages take the rest.
    LAYOUT = 0.8

    def __init__(self, expected_pages, report):
        super().__init__(logging.INFO)
        self.expected = max(expected_pages, 1)
        self.report = report
        self.laid_out = 0

    def emit(self, record):
        message = record.msg
        if message.startswith("Step 5 - Creating layout - Page"):
            self.laid_out += 1
            self.report(min(self.laid_out / self.expected, 1) * self.LAYOUT)
        elif message.startswith("Step 6"):
            self.report(self.LAYOUT)


def _lay_out(plan, fonts, stylesheets):
    """Every part laid out; returns the joined document and each part's page range."""
    laid_out, spans, start = [], [], 0
    for html in plan.parts:
        document = HTML(string=html).render(stylesheets=stylesheets, font_config=fonts)
        laid_out.append(document)
        spans.append(range(start, start + len(document.pages)))
        start += len(document.pages)
        # The laid-out pages stay alive until the PDF is written, and every full garbage
        # collection would walk all of them again: about a third of the time for two
        # thousand pages. Frozen objects are skipped until unfreeze() in write_pdf (this
        # holds back other threads' garbage too, for as long as the render lasts).
        gc.freeze()
    joined = laid_out[0].copy([page for document in laid_out for page in document.pages])
    return joined, spans


def _merged(plan, joined, spans, target):
    """The printed document: laid-out pages as they are, letter copies merged (merge.py)."""
    pdf = pikepdf.open(io.BytesIO(joined.write_pdf()))
    anchors = merge.Anchors(joined.pages)
    base_pages = {}
    for part, bases in plan.bases.items():
        # A letter runs from its first page to the next letter's (most are one page).
        starts = sorted((anchors.page(base), base) for base in bases)
        for (first, base), (after, _next) in zip(starts, starts[1:] + [(spans[part].stop, None)]):
            base_pages[base] = range(first, after)
    merger = merge.Merger(pdf, anchors, plan.items, base_pages)
    pages = []
    for entry in plan.output:
        if isinstance(entry, int):
            pages += [pdf.pages[index] for index in spans[entry]]
        else:
            pages += merger.pages(entry)
    merge.replace_pages(pdf, pages)
    if target is None:
        buffer = io.BytesIO()
        pdf.save(buffer)
        return buffer.getvalue()
    pdf.save(target)
    return None


def write_pdf(plan, *, target=None, face=CJK, progress=None):
    """Lay out a Plan and write it as one PDF (bytes, or into `target`)."""
    fonts, stylesheets = _engine(face, plan.language)
    counter = _PageCounter(plan.layout_pages, progress) if progress else None
    with _LOCK:
        if counter:
            _PROGRESS.addHandler(counter)
            _PROGRESS.setLevel(logging.INFO)
        try:
            joined, spans = _lay_out(plan, fonts, stylesheets)
            if not plan.bases:
                return joined.write_pdf(target)
            return _merged(plan, joined, spans, target)
        finally:
            gc.unfreeze()
            if counter:
                _PROGRESS.removeHandler(counter)


def render_pdf(sections, *, title, target=None, progress=None, face=CJK, language=PRINT_LANGUAGE):
    return write_pdf(plan(sections, title=title, language=language), target=target, face=face, progress=progress)
